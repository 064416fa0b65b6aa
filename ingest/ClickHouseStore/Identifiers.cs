namespace Observability.ClickHouseStore;

/// <summary>Names the store puts into SQL itself (database, cluster): kept plain so they never need quoting tricks.</summary>
internal static class Identifiers
{
    public static bool IsPlain(string name) =>
        name.Length is > 0 and <= 128 &&
        !char.IsAsciiDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
