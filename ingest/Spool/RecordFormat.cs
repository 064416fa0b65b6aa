namespace Observability.Ingest.Spool;

/// <summary>
/// The on-disk layout of the spool, in one place. A segment file is <see cref="SegmentMagic"/> followed by framed
/// records: <c>u32 payload length, u32 CRC-32 of the payload, u32 CRC-32 of the previous 8 bytes</c>, then the payload.
/// The header's own checksum means a damaged length is never trusted (the rest of the segment is unreadable), while a
/// damaged payload costs only its record. A payload starts with its format version byte (see <see cref="RowBatchEncoder"/>).
/// All integers are little-endian.
/// </summary>
internal static class RecordFormat
{
    /// <summary>The payload format this build writes. Readers keep understanding every older version.</summary>
    public const byte CurrentVersion = 1;

    public const int HeaderBytes = 12;

    /// <summary>A larger length can only be damage: the writer's batches are far smaller.</summary>
    public const int MaxPayloadBytes = 1 << 30;

    public static ReadOnlySpan<byte> SegmentMagic => "obsspl01"u8;

    public const string SegmentExtension = ".seg";
}
