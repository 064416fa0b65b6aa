using System.Buffers;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// The rows of one INSERT in the order they are sent, with what every column of the block reads: their stored
/// microseconds, each row's identity strings already encoded (shared by all rows of one GPU or server), and the
/// batch columns. The arrays are pooled: a 500,000-row chunk's would otherwise be large-object allocations that
/// bring full collections of a heap holding the whole batch. <see cref="Carry"/> is scratch state a column segment
/// keeps across the slices it is written in (an array column's running end offset).
/// </summary>
internal sealed class NativeChunk<T> : IDisposable
{
    public NativeChunk(int count, bool withIdentities, string batchId, uint number)
    {
        Count = count;
        Rows = ArrayPool<T>.Shared.Rent(count);
        Micros = ArrayPool<long>.Shared.Rent(count);
        Identities = withIdentities ? ArrayPool<byte[][]>.Shared.Rent(count) : null;
        BatchId = batchId;
        Number = number;
    }

    public int Count { get; }

    /// <summary>The first <see cref="Count"/> entries are the chunk's rows (the array may be longer).</summary>
    public T[] Rows { get; }

    public long[] Micros { get; }

    /// <summary>Per row, the encoded String of each identity column (null when the table has no identity).</summary>
    public byte[][][]? Identities { get; }

    public string BatchId { get; }

    public uint Number { get; }

    public ulong Carry { get; set; }

    public void Dispose()
    {
        ArrayPool<T>.Shared.Return(Rows, clearArray: true);
        ArrayPool<long>.Shared.Return(Micros);
        if (Identities is not null)
        {
            ArrayPool<byte[][]>.Shared.Return(Identities, clearArray: true);
        }
    }
}
