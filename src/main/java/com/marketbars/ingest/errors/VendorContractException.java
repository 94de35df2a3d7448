package com.marketbars.ingest.errors;

/**
 * A rejection storm: the quality gate refused so much of a page (see {@code pipeline/StormGuard}) that the vendor's
 * bars no longer fit their contract - a field renamed or retyped for every bar - rather than carry a few bad prints.
 * Not redelivered (the same page would be refused again): the batch goes to the DLQ with this message (the rule, the
 * count and one example bar) and its window is held, not checkpointed ({@link FailureKind#VENDOR_CONTRACT}).
 */
public class VendorContractException extends RuntimeException {
    public VendorContractException(String message) {
        super(message);
    }
}
