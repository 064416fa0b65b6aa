using Google.Protobuf.Collections;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Model;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// The GenAI metrics that say the same as a serving-row field, so OTLP-only servers appear in per-model token and
/// request totals beside scraped ones (under source <c>otlp</c>): token usage histograms and counters become prompt,
/// generation and cached-prompt token increases, and the server request duration histogram's count becomes
/// succeeded or failed requests (failed when the point carries <c>error.type</c>). Only increases are mapped.
/// </summary>
internal static class ServingFieldRules
{
    /// <summary>The field a monotonic sum's increase fills, if any.</summary>
    public static ServingField? ForSum(string metric) => metric switch
    {
        "gen_ai.client.inference.usage.input_tokens" => ServingField.PromptTokens,
        "gen_ai.client.inference.usage.output_tokens" => ServingField.GenerationTokens,
        "gen_ai.client.inference.usage.cache_read.input_tokens" => ServingField.CachedPromptTokens,
        _ => null,
    };

    /// <summary>The field a histogram's increase fills and with what (its sum for token sizes, its count for requests), if any.</summary>
    public static (ServingField Field, double Value)? ForHistogram(string metric, RepeatedField<KeyValue> attributes, double count, double sum)
    {
        switch (metric)
        {
            case "gen_ai.client.token.usage":
                return Find(attributes, "gen_ai.token.type") switch
                {
                    "input" when !double.IsNaN(sum) => (ServingField.PromptTokens, sum),
                    "output" or "completion" when !double.IsNaN(sum) => (ServingField.GenerationTokens, sum),
                    _ => null,
                };
            case "gen_ai.server.request.duration":
                return (Find(attributes, "error.type") is null ? ServingField.RequestsSucceeded : ServingField.RequestsFailed, count);
            default:
                return null;
        }
    }

    private static string? Find(RepeatedField<KeyValue> attributes, string key)
    {
        foreach (var kv in attributes)
        {
            if (kv.Key == key)
            {
                return AnyValues.AsString(kv.Value);
            }
        }

        return null;
    }
}
