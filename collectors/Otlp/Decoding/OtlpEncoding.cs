namespace Observability.Collectors.Otlp.Decoding;

/// <summary>The two OTLP/HTTP body encodings; the response uses the request's.</summary>
public enum OtlpEncoding
{
    Protobuf,
    Json,
}

internal static class OtlpContentTypes
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    /// <summary>The encoding a Content-Type names (parameters such as charset ignored), or null when it is neither.</summary>
    public static OtlpEncoding? Parse(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        if (semicolon >= 0)
        {
            media = media[..semicolon];
        }

        media = media.Trim();
        return media.Equals(Protobuf, StringComparison.OrdinalIgnoreCase) ? OtlpEncoding.Protobuf
            : media.Equals(Json, StringComparison.OrdinalIgnoreCase) ? OtlpEncoding.Json
            : null;
    }

    public static string Of(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? Json : Protobuf;
}
