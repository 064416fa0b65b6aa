using Observability.Collectors.Exposition;

namespace Observability.Exposition.Tests;

public class ExpositionFormatsTests
{
    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("Application/OpenMetrics-Text", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData(" text/plain ", ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    public void FromContentType_KnownOrMissing_ReturnsFormat(string? contentType, ExpositionFormat expected)
    {
        Assert.Equal(expected, ExpositionFormats.FromContentType(contentType));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")]
    [InlineData("text/html")]
    public void FromContentType_Other_ReturnsNull(string contentType)
    {
        Assert.Null(ExpositionFormats.FromContentType(contentType));
    }

    [Fact]
    public void AcceptHeader_PrefersOpenMetrics100Then001ThenText004_WithDescendingQ()
    {
        var parts = ExpositionFormats.AcceptHeader.Split(',');

        Assert.Equal(
            ["application/openmetrics-text;version=1.0.0", "application/openmetrics-text;version=0.0.1;q=0.75", "text/plain;version=0.0.4;q=0.5", "*/*;q=0.1"],
            parts);
    }
}
