namespace Observability.Ingest.Contract;

/// <summary>The stored spelling of <see cref="CostLineKind"/>: lower-case names, the same in every store and export.</summary>
public static class CostLineKindNames
{
    public static string Of(CostLineKind kind) => kind switch
    {
        CostLineKind.Tenant => "tenant",
        CostLineKind.Idle => "idle",
        CostLineKind.Unallocated => "unallocated",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown cost line kind"),
    };

    public static CostLineKind Parse(string name) => name switch
    {
        "tenant" => CostLineKind.Tenant,
        "idle" => CostLineKind.Idle,
        "unallocated" => CostLineKind.Unallocated,
        _ => throw new FormatException($"unknown cost line kind '{name}'"),
    };
}
