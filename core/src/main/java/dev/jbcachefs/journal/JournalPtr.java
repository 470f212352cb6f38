package dev.jbcachefs.journal;

import dev.jbcachefs.checksum.Csum;

/**
 * Where one copy of a jset was found ({@code struct journal_ptr}): device index, index of the bucket in
 * the device's journal bucket list, sector offset inside the bucket, absolute sector, and whether that
 * copy's checksum matched.
 */
public record JournalPtr(int dev, int bucketIdx, int bucketOffset, long sector, boolean csumGood, Csum csum) {
    /** Upstream's {@code NAME dev:bucket:offset (sector N)}. */
    public void toText(StringBuilder out, String devName) {
        out.append(devName != null ? devName : "(invalid dev)").append(' ')
                .append(dev).append(':').append(bucketIdx).append(':').append(bucketOffset)
                .append(" (sector ").append(sector).append(')');
    }
}
