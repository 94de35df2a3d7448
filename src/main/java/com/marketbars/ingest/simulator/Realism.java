package com.marketbars.ingest.simulator;

/**
 * How closely the simulator's ground truth imitates what the real vendors send (issue 27): the part of
 * {@link SimulatorSettings} that decides which bars exist and what their fields are. {@link SyntheticBars} is a pure
 * function of (realism, endpoint, symbol, minute), so a test that changes a knob compares its database with the
 * same realism; the methods without one use {@link #DEFAULT}, which is what a fresh {@link SimulatorSettings} serves.
 *
 * @param fractionalCryptoVolumes Alpaca crypto volumes are coins with up to 9 decimals ({@code 0.0345},
 *                                {@code 12.5}); off: whole numbers like stocks'
 * @param absentFieldsRate        the share of minute bars without {@code n}, {@code vw} or both, decided by (endpoint,
 *                                symbol, minute): both vendors send them "when provided"
 * @param nyseCalendar            stock bars follow the NYSE calendar (no bars on holidays, a 13:00 New York close on
 *                                early-close days); off: every weekday is a full day
 * @param thinShare               the share of symbols (by symbol, the same at every endpoint) that are thinly traded:
 *                                about 40% of their minutes have no bar, as at the free plan's IEX feed
 * @param extendedHours           stock bars also in the pre-market (04:00-09:30 New York) and after-hours (to 20:00,
 *                                17:00 on an early close), far thinner than the regular session, as Alpaca serves them
 */
public record Realism(boolean fractionalCryptoVolumes, double absentFieldsRate, boolean nyseCalendar,
                      double thinShare, boolean extendedHours) {

    /** What the simulator serves unless told otherwise. */
    public static final Realism DEFAULT = new Realism(true, 0.02, true, 0.4, true);

    /** The simulator before issue 27: whole volumes, every field, weekday sessions, no thin symbols, no extended hours. */
    public static final Realism PLAIN = new Realism(false, 0, false, 0, false);

    public Realism {
        if (!(absentFieldsRate >= 0 && absentFieldsRate <= 1) || !(thinShare >= 0 && thinShare <= 1)) {
            throw new IllegalArgumentException("absentFieldsRate and thinShare are shares in [0, 1], got "
                    + absentFieldsRate + " and " + thinShare);
        }
    }

    public Realism withFractionalCryptoVolumes(boolean on) {
        return new Realism(on, absentFieldsRate, nyseCalendar, thinShare, extendedHours);
    }

    public Realism withAbsentFieldsRate(double rate) {
        return new Realism(fractionalCryptoVolumes, rate, nyseCalendar, thinShare, extendedHours);
    }

    public Realism withNyseCalendar(boolean on) {
        return new Realism(fractionalCryptoVolumes, absentFieldsRate, on, thinShare, extendedHours);
    }

    public Realism withThinShare(double share) {
        return new Realism(fractionalCryptoVolumes, absentFieldsRate, nyseCalendar, share, extendedHours);
    }

    public Realism withExtendedHours(boolean on) {
        return new Realism(fractionalCryptoVolumes, absentFieldsRate, nyseCalendar, thinShare, on);
    }
}
