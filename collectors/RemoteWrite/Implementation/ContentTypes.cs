namespace Observability.RemoteWrite.Implementation;

/// <summary>The request headers remote_write 1.0 uses.</summary>
internal static class ContentTypes
{
    public static bool IsProtobuf(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // remote_write 2.0 names its message; only 1.0's is understood here.
        return parts.Skip(1).All(p => !p.StartsWith("proto=", StringComparison.OrdinalIgnoreCase) || p.Equals("proto=prometheus.WriteRequest", StringComparison.OrdinalIgnoreCase));
    }
}
