using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Spool;

namespace Observability.Ingest.Tests.Support;

/// <summary>Opens a <see cref="DiskSpool"/> with its meters probed, and damages its files the way a crash or a bad disk would.</summary>
internal static class SpoolFiles
{
    public static DiskSpool Open(SpoolOptions options, MeterProbe meters) =>
        DiskSpool.Open(options, NullLogger.Instance, new SpoolInstruments(meters, "duckdb", () => 0, () => 0));

    /// <summary>The spool's files other than its lock file: segments and the acknowledgement cursor.</summary>
    public static string[] Data(string directory) =>
        [.. Directory.GetFiles(directory).Where(f => Path.GetFileName(f) != DiskSpool.LockFileName)];

    public static string[] Segments(string directory) => [.. Directory.GetFiles(directory, "*.seg").Order(StringComparer.Ordinal)];

    /// <summary>Cuts the last <paramref name="bytes"/> bytes off the file, as a crash part-way through an append does.</summary>
    public static void CutTail(string path, int bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(file.Length - bytes);
    }

    /// <summary>Inverts the byte at <paramref name="offset"/>.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)~b);
    }
}
