using Google.Protobuf;

namespace Observability.Otlp.Tests;

internal static class ExtensionsForTests
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T ParseJson<T>(this MessageParser<T> parser, string json)
        where T : IMessage<T>, new()
    {
        _ = parser;
        return Json.Parse<T>(json);
    }
}
