package com.marketbars.ingest.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SymbolsTest {

    private static final String KEY = "ingest.universe";

    @ParameterizedTest
    @ValueSource(strings = {"A;DROP TABLE bars", "../x", "ÄPFEL", "aapl", "AAPL ", " ", "", "A B", "A/B", "1ABC",
            "BRK..B", "BRK.", "A%2CB", "ABC\nDEF", "BRK.BBB"})
    void unsafeOrMalformedSymbolsAreRejectedNamingTheKey(String symbol) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Symbols.validate(KEY, symbol));
        assertThat(e).as("'%s' must be refused", symbol).isNotNull();
        assertThat(e.key()).isEqualTo(KEY);
        assertThat(e.getMessage()).startsWith(KEY + ": ");
    }

    @Test
    void aNullSymbolIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> Symbols.validate(KEY, null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": ");
    }

    @Test
    void aHugeSymbolIsRejectedWithAShortMessage() {
        String huge = "A".repeat(10_240);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Symbols.parseUniverse(KEY, huge));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(KEY + ": ").hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "V", "AAPL", "GOOGL", "BRK.B", "BF-B", "BRK.A", "ABCDEFGHIJ", "ABCDEFGHIJ.K", "X1"})
    void tickersWithAnOptionalClassSuffixAreAccepted(String symbol) {
        assertThat(Symbols.validate(KEY, symbol)).isEqualTo(symbol);
    }

    @Test
    void aSymbolOfThirteenCharactersIsRejectedAsTheMessagePromises() {
        assertThatThrownBy(() -> Symbols.validate(KEY, "ABCDEFGHIJ.KL")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aCommaListIsTrimmedAndDeduplicatedInFirstSeenOrder() {
        assertThat(Symbols.parseUniverse(KEY, " MSFT, AAPL ,,MSFT,BRK.B,AAPL "))
                .containsExactly("MSFT", "AAPL", "BRK.B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ",", " , ,"})
    void anEmptyUniverseIsRejectedNamingTheKey(String value) {
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, value))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": ");
    }

    @Test
    void aCommaListWithOneBadSymbolIsRejectedWhole() {
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, "AAPL,../x,MSFT"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": ").hasMessageContaining("../x");
    }

    @Test
    void aFileUniverseReadsOneSymbolALineSkippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("universe.txt");
        Files.writeString(file, """
                # large caps
                AAPL
                  MSFT   # trailing comment

                BRK.B
                AAPL
                #NVDA
                BF-B
                """);
        assertThat(Symbols.parseUniverse(KEY, "file:" + file)).containsExactly("AAPL", "MSFT", "BRK.B", "BF-B");
    }

    @Test
    void aFileUniverseWithABadSymbolIsRejectedNamingTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("universe.txt");
        Files.writeString(file, "AAPL\nA;DROP TABLE bars\n");
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, "file:" + file))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": ");
    }

    @Test
    void aFileUniverseWithOnlyCommentsIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("universe.txt");
        Files.writeString(file, "# nothing yet\n\n");
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, "file:" + file))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(KEY + ": ");
    }

    @Test
    void aMissingUniverseFileIsRejectedNamingTheKeyAndThePath(@TempDir Path dir) {
        Path file = dir.resolve("absent.txt");
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, "file:" + file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(KEY + ": ")
                .hasMessageContaining("absent.txt");
    }

    // ---- crypto pairs ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"BTC/USD", "ETH/USDT", "SHIB/USD", "1INCH/USD", "A/B", "ABCDEFGHIJ/KLMNOPQRST"})
    void cryptoPairsAreAcceptedWhenTheFeedSaysSo(String pair) {
        assertThat(Symbols.validate(KEY, pair, SymbolSyntax.CRYPTO_PAIR)).isEqualTo(pair);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC/USD", "ETH/USDT"})
    void aPairIsNotATickerAndATickerNotAPair(String pair) {
        assertThatThrownBy(() -> Symbols.validate(KEY, pair)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Symbols.validate(KEY, pair, SymbolSyntax.EQUITY)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Symbols.validate(KEY, "BRK.B", SymbolSyntax.CRYPTO_PAIR)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Symbols.validate(KEY, "AAPL", SymbolSyntax.CRYPTO_PAIR)).isInstanceOf(ConfigException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC/USD/EUR", "BTC//USD", "/USD", "BTC/", "/", "BTC USD", "BTC /USD", " BTC/USD", "BTC/USD ",
            "btc/usd", "BTC/../x", "../BTC/USD", "..", "BTC/US.D", "BTC%2FUSD", "BTC/USD&x=1", "BTC/USD?x", "BTC/USD#x",
            "BTC/USD'", "\"BTC/USD\"", "BTC\\USD", "BTC/USD\n", "BTC\u0000/USD", "BTC\t/USD", "BTC-USD", "BTC,USD", "BTC;/USD",
            "ÄTH/USD", "BTC/ＵSD", "ABCDEFGHIJK/USD", "BTC/ABCDEFGHIJK", ""})
    void hostileOrMalformedPairsAreRefusedNamingTheKey(String pair) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Symbols.validate(KEY, pair, SymbolSyntax.CRYPTO_PAIR));
        assertThat(e).as("'%s' must be refused", pair).isNotNull();
        assertThat(e.key()).isEqualTo(KEY);
        assertThat(e.getMessage()).startsWith(KEY + ": ").contains("crypto pair");
    }

    @Test
    void aHugeOrNullPairIsRefusedWithAShortMessage() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> Symbols.parseUniverse(KEY, "BTC/" + "U".repeat(10_240), SymbolSyntax.CRYPTO_PAIR));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).hasSizeLessThan(300);
        assertThatThrownBy(() -> Symbols.validate(KEY, null, SymbolSyntax.CRYPTO_PAIR)).isInstanceOf(ConfigException.class);
    }

    @Test
    void aCryptoUniverseIsParsedFromACommaListOrAFile(@TempDir Path dir) throws IOException {
        assertThat(Symbols.parseUniverse(KEY, "BTC/USD, ETH/USD,BTC/USD", SymbolSyntax.CRYPTO_PAIR)).containsExactly("BTC/USD", "ETH/USD");
        Path file = dir.resolve("pairs.txt");
        Files.writeString(file, "# majors\nBTC/USD\n  ETH/USD  # second\n\n");
        assertThat(Symbols.parseUniverse(KEY, "file:" + file, SymbolSyntax.CRYPTO_PAIR)).containsExactly("BTC/USD", "ETH/USD");
        assertThatThrownBy(() -> Symbols.parseUniverse(KEY, "BTC/USD,AAPL", SymbolSyntax.CRYPTO_PAIR))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AAPL");
    }
}
