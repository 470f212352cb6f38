package dev.jbcachefs.sb;

import dev.jbcachefs.bkey.Names;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;

/**
 * The superblock as one JSON object for scripts ({@code show-super --json}): the header, every option
 * by upstream name, the layout, and each selected field decoded into structured members (members,
 * replicas, journal buckets, counters, errors, ...). Values a human reads as text (versions, dates,
 * clean-section entries) also carry upstream's text form.
 */
public final class SuperblockJson {
    private SuperblockJson() {}

    public static String toJson(Superblock sb, long fields, PrintContext ctx) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("device", sb.deviceName());
        j.field("external_uuid", sb.userUuid().toString());
        j.field("internal_uuid", sb.uuid().toString());
        j.field("magic", SuperblockText.uuidText(sb.bytes(), 24));
        j.field("dev_idx", sb.devIdx());
        j.field("label", sb.label());
        version(j, "version", sb.version());
        version(j, "version_min", sb.versionMin());
        version(j, "version_incompat", (int) sb.versionIncompat());
        version(j, "version_incompat_allowed", (int) Superblock.bits(sb.flags(5), 48, 64));
        version(j, "version_upgrade_complete", (int) sb.versionUpgradeComplete());
        j.fieldUnsigned("time_base_lo", sb.timeBaseLo());
        j.fieldUnsigned("seq", sb.seq());
        j.fieldUnsigned("write_time", sb.writeTime());
        j.field("size_bytes", sb.bytes().length);
        j.field("max_size_bytes", 512L << sb.embeddedLayout().sbMaxSizeBits());
        j.field("clean", sb.clean());
        j.field("nr_devices", sb.nrDevices());
        j.field("devices_alive", SuperblockText.nrAliveDevices(sb));
        j.name("flags").beginArray();
        for (int i = 0; i < 7; i++) j.unsigned(sb.flags(i));
        j.endArray();
        j.name("flag_bits").beginObject().field("initialized", sb.initialized()).field("clean", sb.clean())
                .field("sb_csum_type", sb.sbCsumType()).field("has_errors", sb.hasErrors())
                .field("has_topology_errors", sb.hasTopologyErrors()).field("big_endian", sb.bigEndian())
                .field("encryption_type", sb.encryptionType()).field("metadata_replicas_required", sb.metadataReplicasRequired())
                .field("data_replicas_required", sb.dataReplicasRequired()).field("shard_inums", sb.shardInums())
                .field("multi_device", sb.multiDevice()).field("write_buffer_size", sb.writeBufferSize())
                .field("extent_bp_shift", sb.extentBpShift()).endObject();
        names(j, "sections", sectionNames(sb));
        j.name("features").beginArray();
        bitNames(j, SbNames.FEATURES, sb.features(0));
        j.endArray();
        j.name("compat").beginArray();
        bitNames(j, SbNames.COMPAT, sb.compat(0));
        j.endArray();
        j.name("options").beginObject();
        for (SbOption o : SbOption.values()) {
            if (o.valueText(sb).chars().allMatch(Character::isDigit)) j.fieldUnsigned(o.upstreamName(), o.value(sb));
            else j.field(o.upstreamName(), o.valueText(sb));
        }
        j.endObject();
        SbLayout l = sb.embeddedLayout();
        j.name("layout").beginObject().field("type", l.layoutType()).field("max_size_bytes", 512L << l.sbMaxSizeBits());
        j.name("offsets").beginArray();
        for (long o : l.sbOffsets()) j.unsigned(o);
        j.endArray().endObject();
        j.name("fields").beginArray();
        for (SbField f : sb.fields()) if (SuperblockText.selected(fields, f.type())) field(j, sb, f, ctx);
        j.endArray();
        return j.endObject().toString();
    }

    private static void version(JsonWriter j, String n, int v) {
        j.name(n).beginObject().field("id", v).field("major", Versions.major(v)).field("minor", Versions.minor(v))
                .field("text", Versions.toText(v)).endObject();
    }

    private static String[] sectionNames(Superblock sb) {
        return sb.fields().stream().map(f -> f.knownType() != null ? f.knownType().upstreamName() : "(unknown field " + Integer.toUnsignedString(f.type()) + ")")
                .toArray(String[]::new);
    }

    private static void names(JsonWriter j, String n, String[] v) {
        j.name(n).beginArray();
        for (String s : v) j.value(s);
        j.endArray();
    }

    private static void bitNames(JsonWriter j, String[] names, long bits) {
        for (int i = 0; i < 64; i++) {
            if ((bits >>> i & 1) == 0) continue;
            j.value(i < names.length ? names[i] : "bit " + i);
        }
    }

    private static void field(JsonWriter j, Superblock sb, SbField f, PrintContext ctx) {
        SbFieldType t = f.knownType();
        j.beginObject().field("type", t != null ? t.upstreamName() : "unknown").field("type_id", Integer.toUnsignedLong(f.type()))
                .field("size", f.len());
        if (t != null) {
            String dev = sb.deviceName();
            switch (t) {
                case MEMBERS_V1, MEMBERS_V2 -> members(j, sb, t == SbFieldType.MEMBERS_V2 ? Members.decode(f, dev) : Members.decodeV1(f, dev));
                case REPLICAS, REPLICAS_V0 -> {
                    j.name("entries").beginArray();
                    for (Replicas.Entry e : Replicas.decode(f, t == SbFieldType.REPLICAS_V0, dev)) {
                        j.beginObject().field("data_type", Names.opt(Names.DATA_TYPES, "data_type", e.dataType()))
                                .field("nr_required", e.nrRequired()).name("devs").beginArray();
                        for (int d : e.devs()) j.value(d);
                        j.endArray().endObject();
                    }
                    j.endArray();
                }
                case JOURNAL_V2 -> {
                    j.name("buckets").beginArray();
                    for (JournalV2.Range r : JournalV2.decode(f, dev)) j.beginObject().fieldUnsigned("start", r.start()).fieldUnsigned("nr", r.nr()).endObject();
                    j.endArray();
                }
                case JOURNAL_SEQ_BLACKLIST -> {
                    j.name("ranges").beginArray();
                    for (JournalSeqBlacklist.Range r : JournalSeqBlacklist.decode(f, dev)) {
                        j.beginObject().fieldUnsigned("start", r.start()).fieldUnsigned("end", r.end()).endObject();
                    }
                    j.endArray();
                }
                case COUNTERS -> {
                    j.name("counters").beginObject();
                    int nr = f.bodyLen() / 8;
                    for (int i = 0; i < SbNames.COUNTERS.length; i++) {
                        int s = SbNames.COUNTER_STABLE[i];
                        if (s < nr) j.fieldUnsigned(SbNames.COUNTERS[i], Le.u64(f.sb(), f.bodyOff() + s * 8));
                    }
                    j.endObject();
                }
                case ERRORS -> {
                    j.name("errors").beginArray();
                    for (SbSections.ErrorEntry e : SbSections.ErrorEntry.decode(f, dev)) {
                        j.beginObject().field("id", e.id()).field("name", SbNames.sbError(e.id())).fieldUnsigned("nr", e.nr())
                                .fieldUnsigned("last_error_time", e.lastErrorTime()).endObject();
                    }
                    j.endArray();
                }
                case EXT -> {
                    Ext e = Ext.decode(f, dev);
                    names(j, "recovery_passes_required", e.recoveryPassesRequired().toArray(String[]::new));
                    j.name("errors_silent").beginArray();
                    for (int i = 0; i < 512; i++) if (e.errorSilent(i)) j.value(SbNames.sbError(i));
                    j.endArray();
                    j.name("btrees_lost_data").beginArray();
                    bitNames(j, SbFieldText.btreeNames(), e.btreesLostData());
                    j.endArray();
                }
                case DOWNGRADE -> {
                    j.name("entries").beginArray();
                    for (Downgrade.Entry e : Downgrade.decode(f)) {
                        version(j.beginObject(), "version", e.version());
                        names(j, "recovery_passes", Ext.bitNames(SbNames.RECOVERY_PASSES, SbNames.recoveryPassesFromStable(e.recoveryPassesStable())).toArray(String[]::new));
                        j.name("errors").beginArray();
                        for (int id : e.errors()) j.value(SbNames.sbError(id));
                        j.endArray().endObject();
                    }
                    j.endArray();
                }
                case RECOVERY_PASSES -> {
                    j.name("passes").beginArray();
                    for (RecoveryPasses.Entry e : RecoveryPasses.decode(f)) {
                        j.beginObject().field("name", e.name()).field("stable_id", e.stableId()).fieldUnsigned("last_run", e.lastRun())
                                .field("last_runtime_seconds", e.lastRuntimeSeconds()).field("no_ratelimit", e.noRatelimit()).endObject();
                    }
                    j.endArray();
                }
                case CRYPT -> {
                    Crypt c = Crypt.decode(f, dev);
                    j.field("kdf_type", c.kdfType()).field("scrypt_n_log2", c.scryptNLog2()).field("scrypt_r_log2", c.scryptRLog2())
                            .field("scrypt_p_log2", c.scryptPLog2());
                }
                case EXTENT_TYPE_U64S -> {
                    j.name("u64s").beginObject();
                    for (int i = 0; i < f.bodyLen() && f.sb()[f.bodyOff() + i] != 0; i++) {
                        j.field(i < Names.EXTENT_ENTRY_TYPES.length ? Names.EXTENT_ENTRY_TYPES[i] : "type " + i, f.sb()[f.bodyOff() + i] & 0xff);
                    }
                    j.endObject();
                }
                case CLEAN -> {
                    Clean c = Clean.decode(f, dev);
                    j.fieldUnsigned("flags", c.flags()).fieldUnsigned("journal_seq", c.journalSeq());
                }
                default -> { }
            }
        }
        Printbuf text = new Printbuf().humanReadableUnits(true);
        text.tabstopPush(44);
        SbFieldText.bodyToText(text, sb, f, ctx);
        j.field("text", text.toString());
        j.endObject();
    }

    private static void members(JsonWriter j, Superblock sb, Members m) {
        j.field("member_bytes", m.memberBytes());
        j.name("members").beginArray();
        for (Members.Member mm : m.all()) {
            if (!mm.alive()) continue;
            j.beginObject().field("idx", mm.idx()).field("uuid", mm.uuid().toString())
                    .fieldUnsigned("nbuckets", mm.nbuckets()).field("first_bucket", mm.firstBucket())
                    .field("bucket_size_sectors", mm.bucketSize()).field("btree_bitmap_shift", mm.btreeBitmapShift())
                    .fieldUnsigned("last_mount", mm.lastMount()).fieldUnsigned("flags", mm.flags())
                    .field("state", mm.state() < SbNames.MEMBER_STATES.length ? SbNames.MEMBER_STATES[mm.state()] : "unknown")
                    .field("discard", mm.discard()).field("durability", mm.durabilityValue()).field("group", mm.group())
                    .field("freespace_initialized", mm.freespaceInitialized()).field("resize_on_mount", mm.resizeOnMount())
                    .field("rotational", mm.rotational());
            j.name("data_allowed").beginArray();
            bitNames(j, Names.DATA_TYPES, mm.dataAllowed());
            j.endArray();
            j.name("has_data").beginArray();
            bitNames(j, Names.DATA_TYPES, Replicas.devHasData(sb, mm.idx()));
            j.endArray();
            j.name("iops").beginArray();
            for (int i = 0; i < 4; i++) j.value(mm.iops(i));
            j.endArray();
            j.name("errors").beginObject();
            for (int i = 0; i < 3; i++) j.fieldUnsigned(SbNames.MEMBER_ERRORS[i], mm.errors(i));
            j.endObject();
            j.fieldUnsigned("seq", mm.seq()).fieldUnsigned("btree_allocated_bitmap", mm.btreeAllocatedBitmap())
                    .fieldUnsigned("last_journal_bucket", mm.lastJournalBucket())
                    .fieldUnsigned("last_journal_bucket_offset", mm.lastJournalBucketOffset())
                    .field("device_name", mm.deviceName()).field("device_model", mm.deviceModel()).endObject();
        }
        j.endArray();
    }
}
