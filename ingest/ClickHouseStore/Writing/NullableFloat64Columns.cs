using System.Buffers;
using System.Runtime.InteropServices;
using Observability.ClickHouseStore.Schema;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// A run of <c>Nullable(Float64)</c> columns read from one array per row (a GPU's or a server's field values). Writing
/// them one column at a time would visit every row's array once per column and twice per Nullable (null map, then
/// values): a cache miss per value on large blocks. Instead <see cref="GroupSize"/> columns are gathered in one pass
/// over the rows (one cache line of each row's array) into pooled column arrays, which are then sent whole.
/// </summary>
internal sealed class NullableFloat64Columns<T>(IReadOnlyList<string> names, Func<T, double[]> values) : INativeColumns<T>
{
    private const int GroupSize = 8;

    public IEnumerable<(string Name, string Type)> Declared => names.Select(n => (n, ChColumn.NullableFloat64Type));

    public async Task WriteAsync(BinaryBuffer buffer, NativeChunk<T> chunk, Stream stream, CancellationToken ct)
    {
        var rows = chunk.Count;
        var nullMaps = ArrayPool<byte>.Shared.Rent(GroupSize * rows);
        var data = ArrayPool<byte>.Shared.Rent(GroupSize * rows * sizeof(double));
        try
        {
            for (var first = 0; first < names.Count; first += GroupSize)
            {
                var width = Math.Min(GroupSize, names.Count - first);
                Gather(chunk, first, width, nullMaps, data);
                for (var c = 0; c < width; c++)
                {
                    buffer.String(names[first + c]);
                    buffer.String(ChColumn.NullableFloat64Type);
                    await buffer.WriteThroughAsync(nullMaps.AsMemory(c * rows, rows), stream, ct).ConfigureAwait(false);
                    await buffer.WriteThroughAsync(data.AsMemory(c * rows * sizeof(double), rows * sizeof(double)), stream, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(nullMaps);
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    /// <summary>Column c of the group occupies [c × rows, (c + 1) × rows) of both arrays; NULL's value is 0.</summary>
    private void Gather(NativeChunk<T> chunk, int first, int width, byte[] nullMaps, byte[] bytes)
    {
        // Native numbers are little-endian, so on such a machine (every one the store runs on) a double's bytes are
        // written as they are.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the Native encoder assumes a little-endian machine");
        }

        var rows = chunk.Count;
        var data = MemoryMarshal.Cast<byte, double>(bytes.AsSpan(0, GroupSize * rows * sizeof(double)));
        for (var k = 0; k < rows; k++)
        {
            var row = values(chunk.Rows[k]);
            for (var c = 0; c < width; c++)
            {
                var value = row[first + c];
                var isNull = double.IsNaN(value);
                nullMaps[(c * rows) + k] = isNull ? (byte)1 : (byte)0;
                data[(c * rows) + k] = isNull ? 0 : value;
            }
        }
    }
}
