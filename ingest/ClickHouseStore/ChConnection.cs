using ClickHouse.Driver;
using ClickHouse.Driver.ADO;
using Observability.ClickHouseStore.Reading;
using Observability.ClickHouseStore.Writing;

namespace Observability.ClickHouseStore;

/// <summary>
/// The three kinds of request the store makes, each with an explicit FORMAT so that ClickHouse 18.16 and current
/// releases read them alike (the driver's defaults ask for <c>RowBinaryWithNamesAndTypes</c>, which 18.16 lacks):
/// DDL and small statements through <c>ExecuteNonQueryAsync</c>, reads through <c>ExecuteRawResultAsync</c> as
/// <c>TabSeparatedWithNamesAndTypes</c>, inserts through <c>PostStreamAsync</c> as <c>Native</c> blocks (the data tables) or <c>RowBinary</c> (the one-row
/// ledger and migration records).
/// </summary>
internal sealed class ChConnection : IDisposable
{
    private readonly ClickHouseClient _client;
    private readonly QueryOptions? _insertOptions;

    // 18.16 answers ON CLUSTER DDL in the request's default format whatever the statement's FORMAT says, and the
    // driver's default (RowBinaryWithNamesAndTypes) is unknown to it.
    private readonly QueryOptions _ddlOptions = new() { CustomSettings = new Dictionary<string, object> { ["default_format"] = "TabSeparated" } };

    public ChConnection(ClickHouseStoreOptions options)
    {
        var settings = new ClickHouseClientSettings
        {
            Host = options.Endpoint.Host,
            Port = (ushort)options.Endpoint.Port,
            Protocol = options.Endpoint.Scheme,
            Username = options.User,
            Password = options.Password,
            Timeout = options.RequestTimeout,
            JsonReadMode = JsonReadMode.None,
            JsonWriteMode = JsonWriteMode.None,
            // Bodies are binary numbers and short strings; on a LAN, gzip costs more CPU than it saves.
            UseCompression = false,
        };
        _client = new ClickHouseClient(settings);

        // Through a Distributed table an INSERT returns only once every shard has the rows, so a read right after a
        // write sees them and a failed shard write fails the INSERT (instead of a background queue retrying it).
        _insertOptions = options.Cluster is null
            ? null
            : new QueryOptions { CustomSettings = new Dictionary<string, object> { ["insert_distributed_sync"] = 1 } };
    }

    /// <summary>Runs a statement that returns no rows (DDL, ALTER). ON CLUSTER DDL answers a status table, hence the FORMAT.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await _client.ExecuteNonQueryAsync(sql + " FORMAT TabSeparated", null, _ddlOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a SELECT and returns its rows with their header; callers check the header with <see cref="TsvResult.Expect"/>.</summary>
    public async Task<TsvResult> QueryAsync(string select, CancellationToken cancellationToken)
    {
        using var result = await _client.ExecuteRawResultAsync(select + " FORMAT TabSeparatedWithNamesAndTypes", null, cancellationToken)
            .ConfigureAwait(false);
        var body = await result.ReadAsByteArrayAsync().ConfigureAwait(false);
        return new TsvResult(body);
    }

    /// <summary>Streams one INSERT's body; one Native block, or RowBinary below max_insert_block_size rows, is written as one part.</summary>
    public async Task InsertAsync(string table, string columnList, InsertFormat format, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken)
    {
        using var response = await _client.PostStreamAsync(
                $"INSERT INTO {table} ({columnList}) FORMAT {format}",
                writeBody,
                isCompressed: false,
                cancellationToken,
                _insertOptions)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts small tables (ledgers, migrations, SLO and cost records) as RowBinary, one row at a time through
    /// <paramref name="encode"/>: nothing to gain from columnar blocks at these sizes.
    /// </summary>
    public Task InsertRowsAsync<T>(string table, string columnList, IReadOnlyList<T> rows, Action<BinaryBuffer, T> encode, CancellationToken cancellationToken) =>
        InsertAsync(table, columnList, InsertFormat.RowBinary, async (stream, ct) =>
        {
            using var buffer = new BinaryBuffer(64 * 1024);
            foreach (var row in rows)
            {
                encode(buffer, row);
                await buffer.FlushIfFullAsync(stream, ct).ConfigureAwait(false);
            }

            await buffer.FlushAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken);

    public void Dispose() => _client.Dispose();
}

/// <summary>The binary formats the store inserts in (the enum names are ClickHouse's format names).</summary>
internal enum InsertFormat
{
    RowBinary,
    Native,
}
