using System.Globalization;
using System.Net;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Scrapes one target once: negotiates the format (OpenMetrics first, then text, like
/// Prometheus), accepts gzip, bounds the body, parses straight into the target's mappers and
/// returns the rows plus an <c>up</c>-style status row. It never throws for a target's faults:
/// a dead, slow or malformed target yields a status row with the reason, and is counted.
/// </summary>
public sealed class TargetScraper
{
    private readonly HttpClient _http;
    private readonly ScrapeOptions _options;
    private readonly TimeProvider _time;
    private readonly ScrapeMetrics _metrics;
    private readonly ExpositionParser _parser;
    private readonly ScrapeMapper _mapper = SourceMappers.CreateScrapeMapper();
    private readonly string _timeoutHeader;
    private int _lastBodySize = 64 * 1024;

    public TargetScraper(ScrapeTarget target, HttpClient http, ScrapeOptions options, TimeProvider time, ScrapeMetrics metrics)
    {
        Target = target;
        _http = http;
        _options = options;
        _time = time;
        _metrics = metrics;
        _parser = new ExpositionParser(new ParserOptions
        {
            MaxSamples = options.MaxSamplesPerScrape,
            MaxLabelCount = options.MaxLabelCount,
            MaxLabelNameLength = options.MaxLabelLength,
            MaxLabelValueLength = options.MaxLabelLength,
            Lenient = options.Lenient,
        });
        _timeoutHeader = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        Context = new ScrapeContext(default, target.Url.ToString(), TargetLabels.From(target.Labels), target.KeepUnmapped ?? options.KeepUnmapped);
    }

    public ScrapeTarget Target { get; }

    private ScrapeContext Context { get; }

    public TimeSpan Timeout => Target.Timeout ?? _options.DefaultTimeout;

    public async Task<RowBatch> ScrapeAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var timestamp = DateTime.UnixEpoch.AddMilliseconds(now.ToUnixTimeMilliseconds());
        var batch = new RowBatch();
        var (outcome, error) = (ScrapeOutcome.Ok, "");
        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            (outcome, error) = await FetchAndMapAsync(timestamp, batch, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            (outcome, error) = (ScrapeOutcome.Timeout, $"scrape timed out after {Timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e)
        {
            (outcome, error) = (ScrapeOutcome.ConnectionError, e.Message);
        }
        catch (IOException e)
        {
            (outcome, error) = (ScrapeOutcome.ConnectionError, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A target's fault must never escape into the scrape loop: record it like any other failure.
            _mapper.Abort();
            (outcome, error) = (ScrapeOutcome.Error, $"{e.GetType().Name}: {e.Message}");
        }

        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        var samples = outcome == ScrapeOutcome.Ok ? _mapper.MappedSamples + _mapper.UnmappedSamples : 0;
        var rows = batch.RowCount;
        batch.ScrapeStatuses.Add(new ScrapeStatus(timestamp, Context.Target, Target.Job, outcome == ScrapeOutcome.Ok, seconds, samples, error));
        _metrics.Record(outcome, Target.Job, seconds, samples, outcome == ScrapeOutcome.Ok ? _mapper.UnmappedSamples : 0, rows);
        return batch;
    }

    private async Task<(ScrapeOutcome, string)> FetchAndMapAsync(DateTime timestamp, RowBatch batch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Target.Url);
        request.Headers.Accept.ParseAdd(ExpositionFormats.AcceptHeader);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _timeoutHeader);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return (ScrapeOutcome.HttpError, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (ExpositionFormats.FromContentType(contentType) is not { } format)
        {
            return (ScrapeOutcome.UnsupportedContentType, $"unsupported Content-Type '{contentType}'");
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxBodyBytes)
        {
            return (ScrapeOutcome.BodyTooLarge, $"body of {declared} bytes exceeds the limit of {_options.MaxBodyBytes} bytes");
        }

        using var body = new BodyReader(_lastBodySize);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!await body.ReadAsync(stream, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false))
        {
            return (ScrapeOutcome.BodyTooLarge, $"body exceeds the limit of {_options.MaxBodyBytes} bytes");
        }

        _lastBodySize = Math.Max(body.Length, 4096);
        return Map(body.Span, format, timestamp, batch);
    }

    private (ScrapeOutcome, string) Map(ReadOnlySpan<byte> body, ExpositionFormat format, DateTime timestamp, RowBatch batch)
    {
        var mapper = _mapper;
        mapper.Begin(Context with { Timestamp = timestamp });
        var result = _parser.Parse(body, format, ref mapper);
        if (!result.Ok)
        {
            mapper.Abort();
            var outcome = result.ErrorKind == ParseErrorKind.Syntax ? ScrapeOutcome.ParseError : ScrapeOutcome.LimitExceeded;
            return (outcome, $"line {result.LineNumber}: {result.Error}");
        }

        mapper.Commit(batch);
        return (ScrapeOutcome.Ok, "");
    }

    /// <summary>
    /// Handler settings for scraping: no cookies, pooled connections, and gzip asked for and decoded
    /// transparently unless <paramref name="compression"/> is off (on loopback or a fast LAN,
    /// inflating costs more CPU than the bytes it saves).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool compression = true) => new()
    {
        AutomaticDecompression = compression ? DecompressionMethods.GZip : DecompressionMethods.None,
        UseCookies = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    };
}
