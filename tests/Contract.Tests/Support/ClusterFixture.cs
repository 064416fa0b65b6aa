using Observability.ClickHouseStore;

namespace Observability.Contract.Tests.Support;

/// <summary>
/// A real two-shard ClickHouse cluster on loopback: one ZooKeeper and two clickhouse-server processes, each with its
/// own temporary directory and free ports, told about each other through <c>config.d</c> (<c>remote_servers</c>,
/// <c>zookeeper</c>, and <c>macros</c> naming its shard). Everything is stopped and deleted afterwards.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string ClusterName = "obs_test";

    private readonly List<ClickHouseServer> _servers = [];
    private ZooKeeperServer? _zooKeeper;

    public IReadOnlyList<ClickHouseServer> Servers => _servers;

    public async Task InitializeAsync()
    {
        _zooKeeper = await ZooKeeperServer.StartNewAsync();
        var ports = FreePorts.Take(6);
        var shards = new[] { ports[..3], ports[3..] };
        var remoteServers = string.Concat(shards.Select(p =>
            $"<shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>{p[1]}</port></replica></shard>"));
        for (var i = 0; i < shards.Length; i++)
        {
            var config = $"""
                <yandex>
                  <remote_servers><{ClusterName}>{remoteServers}</{ClusterName}></remote_servers>
                  <zookeeper><node><host>127.0.0.1</host><port>{_zooKeeper.Port}</port></node></zookeeper>
                  <macros><shard>0{i + 1}</shard><replica>r1</replica></macros>
                  <interserver_http_host>127.0.0.1</interserver_http_host>
                </yandex>
                """;
            _servers.Add(await ClickHouseServer.StartNewAsync(shards[i], new Dictionary<string, string> { ["cluster.xml"] = config }));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_zooKeeper is not null)
        {
            await _zooKeeper.DisposeAsync();
        }
    }

    /// <summary>A store on the cluster through the first server, with a database of its own.</summary>
    public ClickHouseTelemetryStore NewStore(string database, int maxRowsPerInsert = 100_000) => new(new ClickHouseStoreOptions
    {
        Endpoint = _servers[0].HttpEndpoint,
        Database = database,
        Cluster = ClusterName,
        MaxRowsPerInsert = maxRowsPerInsert,
    });
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "clickhouse-cluster";
}
