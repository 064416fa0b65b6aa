using Google.Protobuf.Collections;
using Observability.Collectors.Otlp.Protocol;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// One pass over a span's or resource's attributes into <see cref="SpanFacts"/>: every key the mapping reads is a case
/// of one string switch (hashed), so a span costs one lookup per attribute whatever the number of rules. The README's
/// attribute mapping table lists the keys; current GenAI names come before their deprecated spellings.
/// </summary>
internal sealed class AttributeScanner
{
    /// <summary>Longest request an item may report; a larger figure is an encoding error, not a request.</summary>
    public const double MaxSeconds = 86_400;
    private const double MaxTokens = 100_000_000;

    private readonly Dictionary<string, int> _tenantKeys;

    public AttributeScanner(OtlpOptions options)
    {
        _tenantKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] keys = [options.TenantAttribute, .. options.TenantFallbacks];
        for (var i = 0; i < keys.Length; i++)
        {
            _tenantKeys.TryAdd(keys[i], i);
        }
    }

    public void Scan(RepeatedField<KeyValue> attributes, ref SpanFacts facts)
    {
        foreach (var attribute in attributes)
        {
            var value = attribute.Value;
            if (value is null)
            {
                continue;
            }

            switch (attribute.Key)
            {
                case "gen_ai.request.model": facts.RequestModel ??= NonEmpty(value); break;
                case "gen_ai.response.model": facts.ResponseModel ??= NonEmpty(value); break;
                case "gen_ai.operation.name": facts.Operation ??= NonEmpty(value); break;
                case "gen_ai.provider.name": facts.Provider ??= NonEmpty(value); break;
                case "gen_ai.system": facts.LegacySystem ??= NonEmpty(value); break;
                case "deployment.name" or "gen_ai.deployment.name": facts.Deployment ??= NonEmpty(value); break;
                case "server.address": facts.ServerAddress ??= NonEmpty(value); break;
                case "http.route": facts.Route ??= NonEmpty(value); break;
                case "url.path": facts.UrlPath ??= NonEmpty(value); break;
                case "error.type": facts.ErrorType ??= NonEmpty(value); break;
                case "http.response.status_code" or "http.status_code":
                    facts.HttpStatus = AnyValues.TryGetNumber(value, out var code) ? (long)code : long.TryParse(AnyValues.AsString(value), out var parsed) ? parsed : 0;
                    break;
                case "k8s.cluster.name": facts.Cluster ??= NonEmpty(value); break;
                case "k8s.namespace.name": facts.Namespace ??= NonEmpty(value); break;
                case "k8s.pod.name": facts.Pod ??= NonEmpty(value); break;
                case "k8s.node.name" or "host.name": facts.Node ??= NonEmpty(value); break;
                case "gpu.uuid" or "nvidia.gpu.uuid": facts.GpuUuid ??= NonEmpty(value); break;
                case "service.name": facts.ServiceName ??= NonEmpty(value); break;
                case "gen_ai.usage.input_tokens": Tokens(attribute.Key, value, ref facts.InputTokens, ref facts, overwrite: true); break;
                case "gen_ai.usage.prompt_tokens": Tokens(attribute.Key, value, ref facts.InputTokens, ref facts, overwrite: false); break;
                case "gen_ai.usage.output_tokens": Tokens(attribute.Key, value, ref facts.OutputTokens, ref facts, overwrite: true); break;
                case "gen_ai.usage.completion_tokens": Tokens(attribute.Key, value, ref facts.OutputTokens, ref facts, overwrite: false); break;
                case "gen_ai.usage.cache_read.input_tokens": Tokens(attribute.Key, value, ref facts.CachedTokens, ref facts, overwrite: true); break;
                case "gen_ai.response.time_to_first_chunk" or "gen_ai.server.time_to_first_token":
                    Seconds(attribute.Key, value, ref facts.Ttft, ref facts, overwrite: true);
                    break;
                case "gen_ai.latency.time_to_first_token": Seconds(attribute.Key, value, ref facts.Ttft, ref facts, overwrite: false); break;
                case "gen_ai.server.time_per_output_token" or "gen_ai.response.time_per_output_chunk":
                    Seconds(attribute.Key, value, ref facts.InterToken, ref facts, overwrite: true);
                    break;
                case "gen_ai.latency.e2e": Seconds(attribute.Key, value, ref facts.E2e, ref facts, overwrite: true); break;
                case "gen_ai.server.queue_time" or "gen_ai.latency.time_in_queue":
                    Seconds(attribute.Key, value, ref facts.Queue, ref facts, overwrite: true);
                    break;
                default:
                    if (_tenantKeys.TryGetValue(attribute.Key, out var rank) && rank < facts.TenantRank && NonEmpty(value) is { } tenant)
                    {
                        facts.Tenant = tenant;
                        facts.TenantRank = rank;
                    }

                    break;
            }
        }
    }

    private static string? NonEmpty(AnyValue value) => AnyValues.AsString(value) is { Length: > 0 } s ? s : null;

    private static void Tokens(string key, AnyValue value, ref double target, ref SpanFacts facts, bool overwrite)
    {
        if (!overwrite && !double.IsNaN(target))
        {
            return; // the current name was already read; the deprecated one does not override it
        }

        if (!AnyValues.TryGetNumber(value, out var n))
        {
            facts.Invalid ??= $"{key} is not a number";
        }
        else if (!double.IsFinite(n) || n < 0 || n > MaxTokens || n != Math.Floor(n))
        {
            facts.Invalid ??= $"{key} = {n} is not a token count";
        }
        else
        {
            target = n;
        }
    }

    private static void Seconds(string key, AnyValue value, ref double target, ref SpanFacts facts, bool overwrite)
    {
        if (!overwrite && !double.IsNaN(target))
        {
            return;
        }

        if (!AnyValues.TryGetNumber(value, out var s))
        {
            facts.Invalid ??= $"{key} is not a number";
        }
        else if (!double.IsFinite(s) || s < 0 || s > MaxSeconds)
        {
            facts.Invalid ??= $"{key} = {s} is not a latency in seconds";
        }
        else
        {
            target = s;
        }
    }
}
