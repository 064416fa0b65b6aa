namespace Observability.Collectors.Otlp;

/// <summary>Reports every invalid <see cref="OtlpOptions"/> value at once, each with its key under <c>Otlp.</c>.</summary>
public static class OtlpOptionsValidator
{
    public static IReadOnlyList<string> Validate(OtlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckListen(errors, "Otlp.HttpListen", options.HttpListen);
        if (options.GrpcListen is not null)
        {
            CheckListen(errors, "Otlp.GrpcListen", options.GrpcListen);
            if (options.GrpcListen.Port != 0 && options.GrpcListen.Port == options.HttpListen.Port && options.GrpcListen.Host == options.HttpListen.Host)
            {
                errors.Add("Otlp.GrpcListen must differ from Otlp.HttpListen (gRPC needs its own HTTP/2-only listener)");
            }
        }

        if (options.MaxBodyBytes < 1024)
        {
            errors.Add($"Otlp.MaxBodyBytes must be at least 1024 (got {options.MaxBodyBytes})");
        }

        if (string.IsNullOrWhiteSpace(options.TenantAttribute))
        {
            errors.Add("Otlp.TenantAttribute must not be empty");
        }

        if (options.TenantFallbacks.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Otlp.TenantFallbacks must not contain empty keys");
        }

        if (options.RetryAfter < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Otlp.RetryAfter must be at least 1s (got {options.RetryAfter})");
        }

        if (options.MaxFutureSkew <= TimeSpan.Zero)
        {
            errors.Add("Otlp.MaxFutureSkew must be positive");
        }

        if (options.MaxCumulativeSeries < 1)
        {
            errors.Add($"Otlp.MaxCumulativeSeries must be at least 1 (got {options.MaxCumulativeSeries})");
        }

        return errors;
    }

    public static void ThrowIfInvalid(OtlpOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }
    }

    private static void CheckListen(List<string> errors, string key, Uri uri)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"{key}: '{uri}' must be an absolute http:// URL (TLS is terminated in front of the receiver)");
        }
    }
}
