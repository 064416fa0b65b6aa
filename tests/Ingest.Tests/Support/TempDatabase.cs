namespace Observability.Ingest.Tests.Support;

/// <summary>A unique database file path under the temp directory, deleted (with its WAL) on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ingest-tests-{Guid.NewGuid():N}.duckdb");

    public void Dispose()
    {
        File.Delete(Path);
        File.Delete(Path + ".wal");
    }
}
