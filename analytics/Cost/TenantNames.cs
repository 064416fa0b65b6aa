using Observability.Ingest.Model;

namespace Observability.Analytics.Cost;

/// <summary>The names of the lines that are not a tenant's, so every dollar of the fleet lands on some line.</summary>
public static class TenantNames
{
    /// <summary>The idle line: GPUs without a deployment, and idle deployment hours kept as a platform cost.</summary>
    public const string Idle = "(idle)";

    /// <summary>The model of a line that spreads a shared platform deployment over the tenants.</summary>
    public const string PlatformModel = "(platform)";

    /// <summary>Requests with no tenant: their share is unallocated rather than guessed.</summary>
    public static bool IsUnknown(string tenant) => tenant.Length == 0 || tenant == RequestEvent.UnknownTenant;
}
