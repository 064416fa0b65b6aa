namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// The rows of one INSERT in the order they are sent, with what every column of the block reads: their stored
/// microseconds, each row's identity strings already encoded (shared by all rows of one GPU or server), and the
/// batch columns. <see cref="Carry"/> is scratch state a column segment keeps across the slices it is written in
/// (an array column's running end offset).
/// </summary>
internal sealed class NativeChunk<T>(T[] rows, long[] micros, byte[][][]? identities, string batchId, uint number)
{
    public int Count => rows.Length;

    public T[] Rows => rows;

    public long[] Micros => micros;

    /// <summary>Per row, the encoded String of each identity column (null when the table has no identity).</summary>
    public byte[][][]? Identities => identities;

    public string BatchId => batchId;

    public uint Number => number;

    public ulong Carry { get; set; }
}
