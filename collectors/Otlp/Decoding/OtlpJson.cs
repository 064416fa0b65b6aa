using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Observability.Collectors.Otlp.Decoding;

/// <summary>
/// The OTLP JSON encoding: protobuf's JSON mapping (lowerCamelCase or original field names, 64-bit integers as strings
/// or numbers, enums as integers, unknown fields ignored) except that trace and span ids are hex, not base64. The ids
/// are rewritten to base64 in the document tree before protobuf's parser reads it. JSON is the slow path of OTLP;
/// exporters that care about cost send protobuf.
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="utf8"/>; throws <see cref="FormatException"/> with a readable reason when it is not OTLP JSON.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8, MessageParser<T> messages)
        where T : IMessage<T>, new()
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON: {e.Message}", e);
        }

        if (root is not JsonObject)
        {
            throw new FormatException("the body must be a JSON object");
        }

        RewriteIds(root);
        try
        {
            return Parser.Parse<T>(root.ToJsonString());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"not an OTLP message: {e.Message}", e);
        }
        catch (InvalidJsonException e)
        {
            throw new FormatException($"not an OTLP message: {e.Message}", e);
        }
    }

    private static void RewriteIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<(string Key, string Base64)>? rewrites = null;
                foreach (var (key, value) in obj)
                {
                    if (IsIdField(key) && value is JsonValue v && v.TryGetValue<string>(out var hex))
                    {
                        (rewrites ??= []).Add((key, Convert.ToBase64String(FromHex(key, hex))));
                    }
                    else if (value is not null)
                    {
                        RewriteIds(value);
                    }
                }

                foreach (var (key, base64) in rewrites ?? [])
                {
                    obj[key] = base64;
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static bool IsIdField(string key) => key is "traceId" or "spanId" or "parentSpanId" or "trace_id" or "span_id" or "parent_span_id";

    private static byte[] FromHex(string key, string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"{key} '{(hex.Length > 40 ? hex[..40] + "..." : hex)}' is not hex (OTLP JSON encodes ids in hex, not base64)");
        }
    }
}
