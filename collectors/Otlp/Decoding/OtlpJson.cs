using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Observability.Collectors.Otlp.Decoding;

/// <summary>
/// The OTLP JSON encoding: protobuf's JSON mapping (lowerCamelCase or original field names, 64-bit integers as strings
/// or numbers, enums as integers, unknown fields ignored) except that trace and span ids are hex, not base64. One
/// streaming pass copies the document with the ids rewritten to base64 (and checks it is well-formed JSON), then
/// protobuf's parser reads the copy. JSON is the slow path of OTLP; exporters that care about cost send protobuf.
/// </summary>
internal static class OtlpJson
{
    private const int MaxDepth = 64;
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(MaxDepth));

    /// <summary>Parses <paramref name="utf8"/>; throws <see cref="FormatException"/> with a readable reason when it is not OTLP JSON.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8, MessageParser<T> messages)
        where T : IMessage<T>, new()
    {
        _ = messages; // names the message type at the call site; protobuf's JSON parser finds the parser itself
        var rewritten = new ArrayBufferWriter<byte>(utf8.Length + 64);
        try
        {
            RewriteIds(utf8, rewritten);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON: {e.Message}", e);
        }

        try
        {
            return Parser.Parse<T>(Encoding.UTF8.GetString(rewritten.WrittenSpan));
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

    private static void RewriteIds(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var first = true;
        var idProperty = false;
        while (reader.Read())
        {
            if (first && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("the body must be a JSON object");
            }

            first = false;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    idProperty = IsIdField(reader.ValueSpan) && !reader.ValueIsEscaped;
                    writer.WritePropertyName(reader.ValueSpan);
                    continue;
                case JsonTokenType.String when idProperty:
                    writer.WriteStringValue(Convert.ToBase64String(FromHex(reader.GetString()!)));
                    break;
                case JsonTokenType.String:
                    // Copied as received (still escaped): protobuf's parser unescapes it.
                    writer.WriteRawValue([(byte)'"', .. reader.ValueSpan, (byte)'"'], skipInputValidation: true);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                default: break;
            }

            idProperty = false;
        }

        if (first)
        {
            throw new FormatException("the body is empty");
        }
    }

    private static bool IsIdField(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("traceId"u8) || name.SequenceEqual("spanId"u8) || name.SequenceEqual("parentSpanId"u8) ||
        name.SequenceEqual("trace_id"u8) || name.SequenceEqual("span_id"u8) || name.SequenceEqual("parent_span_id"u8);

    private static byte[] FromHex(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"id '{(hex.Length > 40 ? hex[..40] + "..." : hex)}' is not hex (OTLP JSON encodes trace and span ids in hex, not base64)");
        }
    }
}
