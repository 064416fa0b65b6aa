using System.Globalization;
using System.Net;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Collectors.Scraping.PlainHttp;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Scrapes one target once: negotiates the format (OpenMetrics first, then text, like
/// Prometheus), accepts gzip, bounds the body, parses straight into the target's mappers and
/// returns the rows plus an <c>up</c>-style status row. It never throws for a target's faults:
/// a dead, slow or malformed target yields a status row with the reason, and is counted.
/// <para>
/// Plain <c>http</c> targets are fetched over the target's own keep-alive connection with blocking calls
/// (<see cref="PlainHttpConnection"/>), the cheapest way per scrape; <c>https</c> targets and redirects go
/// through HttpClient, synchronously too.
/// </para>
/// </summary>
public sealed class TargetScraper : IDisposable
{
    private readonly HttpClient _http;
    private readonly ScrapeOptions _options;
    private readonly TimeProvider _time;
    private readonly ScrapeMetrics _metrics;
    private readonly ExpositionParser _parser;
    private readonly ScrapeMapper _mapper = SourceMappers.CreateScrapeMapper();
    private readonly string _timeoutHeader;
    private readonly PlainHttpConnection? _plain;
    private int _lastBodySize = 64 * 1024;

    private const string TimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

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
        _plain = target.Url.Scheme == Uri.UriSchemeHttp
            ? new PlainHttpConnection(target.Url, [
                new("Accept", ExpositionFormats.AcceptHeader),
                .. options.EnableCompression ? [new KeyValuePair<string, string>("Accept-Encoding", "gzip")] : Array.Empty<KeyValuePair<string, string>>(),
                new(TimeoutHeader, _timeoutHeader)])
            : null;
        Context = new ScrapeContext(default, target.Url.ToString(), TargetLabels.From(target.Labels), target.KeepUnmapped ?? options.KeepUnmapped);
    }

    public ScrapeTarget Target { get; }

    private ScrapeContext Context { get; }

    public TimeSpan Timeout => Target.Timeout ?? _options.DefaultTimeout;

    /// <summary>
    /// Scrapes once, blocking the calling thread for at most the timeout: the scheduler's worker threads call this.
    /// Never throws for the target's faults; cancelling <paramref name="cancellationToken"/> ends it at once.
    /// </summary>
    public RowBatch Scrape(CancellationToken cancellationToken)
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
            (outcome, error) = FetchAndMap(timestamp, batch, linked.Token);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the cut-short read threw (a cancellation, or an I/O error from the closed connection), it timed out.
            _mapper.Abort();
            (outcome, error) = (ScrapeOutcome.Timeout, $"scrape timed out after {Timeout.TotalSeconds:0.###}s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
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

    /// <summary><see cref="Scrape"/> on a thread-pool thread, for callers that scrape now and then rather than on a schedule.</summary>
    public Task<RowBatch> ScrapeAsync(CancellationToken cancellationToken) => Task.Run(() => Scrape(cancellationToken), CancellationToken.None);

    private (ScrapeOutcome, string) FetchAndMap(DateTime timestamp, RowBatch batch, CancellationToken cancellationToken)
    {
        using var body = new BodyReader(_lastBodySize);
        var response = _plain?.Get(body, _options.MaxBodyBytes, cancellationToken) is { Head.Status: < 300 or >= 400 } plain
            ? plain
            : FetchWithClient(body, cancellationToken); // TLS, or a redirect to follow: HttpClient's business
        var head = response.Head;
        if (head.Status is < 200 or >= 300)
        {
            return (ScrapeOutcome.HttpError, $"HTTP {head.Status} {head.Reason}");
        }

        if (ExpositionFormats.FromContentType(head.ContentType) is not { } format)
        {
            return (ScrapeOutcome.UnsupportedContentType, $"unsupported Content-Type '{head.ContentType}'");
        }

        if (head.ContentLength > _options.MaxBodyBytes)
        {
            return (ScrapeOutcome.BodyTooLarge, $"body of {head.ContentLength} bytes exceeds the limit of {_options.MaxBodyBytes} bytes");
        }

        if (response.BodyTooLarge)
        {
            return (ScrapeOutcome.BodyTooLarge, $"body exceeds the limit of {_options.MaxBodyBytes} bytes");
        }

        _lastBodySize = Math.Max(body.Length, 4096);
        return Map(body.Span, format, timestamp, batch);
    }

    /// <summary>The GET through HttpClient, its answer put in the plain path's terms (the body already decoded); reads the body only when it may be wanted.</summary>
    private FetchedResponse FetchWithClient(BodyReader body, CancellationToken cancellationToken)
    {
        body.Clear();
        using var request = new HttpRequestMessage(HttpMethod.Get, Target.Url);
        request.Headers.Accept.ParseAdd(ExpositionFormats.AcceptHeader);
        request.Headers.TryAddWithoutValidation(TimeoutHeader, _timeoutHeader);
        using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var head = new ResponseHead(
            (int)response.StatusCode, response.ReasonPhrase ?? "", response.Content.Headers.ContentType?.ToString(), ContentEncoding: null,
            response.Content.Headers.ContentLength, Chunked: false, KeepAlive: true);
        if (!response.IsSuccessStatusCode || head.ContentLength > _options.MaxBodyBytes)
        {
            return new FetchedResponse(head, false);
        }

        // Synchronous reads of a response body do not watch the token: disposing the response ends them.
        using var abort = cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        using var stream = response.Content.ReadAsStream(cancellationToken);
        return new FetchedResponse(head, !body.Read(stream, _options.MaxBodyBytes));
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

    /// <summary>Closes the target's connection.</summary>
    public void Dispose() => _plain?.Dispose();

    /// <summary>
    /// Handler settings for scraping: no cookies, pooled connections, and gzip asked for and decoded
    /// transparently unless <paramref name="compression"/> is off (on loopback or a fast LAN,
    /// inflating costs more CPU than the bytes it saves). No proxy from the environment: scrapes go
    /// straight to the target, as Prometheus's do by default and as the plain-http path's always do.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool compression = true) => new()
    {
        AutomaticDecompression = compression ? DecompressionMethods.GZip : DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    };
}
