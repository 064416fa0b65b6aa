using System.Buffers.Binary;
using System.IO.Hashing;

namespace Observability.Ingest.Spool;

/// <summary>
/// Where replay has got to: the segment and byte offset just past the last acknowledged record, in a small file
/// replaced atomically (written beside, then renamed). It is not flushed to disk: a cursor that lags after a machine
/// crash only makes a restart replay a few acknowledged batches again, which the store's batch-id ledger ignores.
/// </summary>
internal sealed class AckCursor(string directory)
{
    private const int Size = 20;

    public string Path { get; } = System.IO.Path.Combine(directory, "ack");

    private string TempPath => Path + ".tmp";

    /// <summary>The stored position, or null when there is none; <paramref name="problem"/> says why a file present was ignored.</summary>
    public (long Segment, long Offset)? Read(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(Path);
        if (bytes.Length != Size)
        {
            problem = $"{bytes.Length} bytes, expected {Size}";
            return null;
        }

        if (Crc32.HashToUInt32(bytes.AsSpan(0, 16)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)))
        {
            problem = "checksum mismatch";
            return null;
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
    }

    public void Write(long segment, long offset)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Crc32.HashToUInt32(bytes[..16]));
        using (var file = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(bytes);
        }

        File.Move(TempPath, Path, overwrite: true);
    }

    public void Delete()
    {
        File.Delete(Path);
        File.Delete(TempPath);
    }
}
