using Observability.Host.Service;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary><c>Store.MemoryLimit</c> and <c>Store.IdleMemoryLimit</c> as the service hands them to the embedded store.</summary>
public sealed class StoreMemoryConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"obs-memcfg-{Guid.NewGuid():N}");

    public StoreMemoryConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("{}", null, null)]
    [InlineData("""{ "Store": { "MemoryLimit": "4GB" } }""", "4GB", null)]
    [InlineData("""{ "Store": { "IdleMemoryLimit": "64MB" } }""", null, "64MB")]
    [InlineData("""{ "Store": { "MemoryLimit": "4GB", "IdleMemoryLimit": "256MB" } }""", "4GB", "256MB")]
    [InlineData("""{ "Store": { "IdleMemoryLimit": "off" } }""", null, null)]
    [InlineData("""{ "Store": { "IdleMemoryLimit": "OFF" } }""", null, null)]
    public void Load_MemoryKeys_ReachTheStoreOptions(string json, string? memory, string? idle)
    {
        var options = ServiceConfigLoader.Load(Write(json)).DuckDbOptions;

        Assert.Equal(memory, options.MemoryLimit);
        Assert.Equal(idle, options.IdleMemoryLimit);
    }

    [Fact]
    public void Load_IdleMemoryLimitWithClickHouse_Refused()
    {
        var error = Assert.Throws<ConfigException>(() =>
            ServiceConfigLoader.Load(Write("""{ "Store": { "Kind": "clickhouse", "IdleMemoryLimit": "64MB" } }""")));

        Assert.Contains(error.Problems, p => p.Contains("IdleMemoryLimit", StringComparison.Ordinal));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "obs.json");
        File.WriteAllText(path, json);
        return path;
    }
}
