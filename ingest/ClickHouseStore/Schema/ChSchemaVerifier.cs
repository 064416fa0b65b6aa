namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// Checks that every table has the columns its definition lists, with the same types. Inserts name their columns,
/// so a drifted table fails loudly at start (naming what is missing) rather than at the first write.
/// </summary>
internal static class ChSchemaVerifier
{
    public static void Verify(Topology topology, IReadOnlyDictionary<string, Dictionary<string, string>> actual)
    {
        var problems = new List<string>();
        foreach (var table in ChSchema.DataTables.Append(ChSchema.IngestBatches).Concat(Rollups.All.Select(r => r.Table)))
        {
            var name = topology.StorageName(table.Name);
            var columns = actual.GetValueOrDefault(name) ?? [];
            var missing = table.Columns.Where(c => !columns.ContainsKey(c.Name)).Select(c => $"{c.Name} {c.Type}").ToList();
            var mistyped = table.Columns
                .Where(c => columns.TryGetValue(c.Name, out var type) && type != c.Type)
                .Select(c => $"{c.Name} is {columns[c.Name]}, expected {c.Type}")
                .ToList();
            if (missing.Count + mistyped.Count > 0)
            {
                problems.Add($"{name}: missing [{string.Join(", ", missing)}]" + (mistyped.Count > 0 ? $", {string.Join(", ", mistyped)}" : string.Empty));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "the ClickHouse schema does not match the field catalogues; append a migration to ChMigrations " +
                "(AddCatalogueColumns adds appended fields). " + string.Join("; ", problems));
        }
    }
}
