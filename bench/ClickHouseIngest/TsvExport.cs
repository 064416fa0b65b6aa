using System.Globalization;
using System.Text;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.ClickHouseIngestBench;

/// <summary>The same rows as TabSeparated text in the GPU table's column order, for clickhouse-client to insert.</summary>
internal static class TsvExport
{
    public static void Write(string path, IReadOnlyList<GpuSample> rows, string batchId)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(1024);
        foreach (var row in rows)
        {
            line.Clear();
            var micros = (row.Timestamp.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            line.Append(row.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append('\t')
                .Append(micros.ToString(CultureInfo.InvariantCulture)).Append('\t');
            Text(line, row.Target);
            foreach (var column in GpuIdentityColumns.All)
            {
                Text(line, column.Get(row.Gpu));
            }

            foreach (var value in row.Values)
            {
                line.Append(double.IsNaN(value) ? "\\N" : value.ToString("R", CultureInfo.InvariantCulture)).Append('\t');
            }

            Text(line, batchId);
            line.Append('0').Append('\n');
            writer.Write(line);
        }
    }

    private static void Text(StringBuilder line, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => line.Append("\\\\"),
                '\t' => line.Append("\\t"),
                '\n' => line.Append("\\n"),
                _ => line.Append(c),
            };
        }

        line.Append('\t');
    }
}
