using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Observability.Collectors.Otlp.Http;

namespace Observability.Otlp.Tests;

/// <summary>The service's web hosts read no appsettings file on change: a reloading one watches the working directory.</summary>
public sealed class UnwatchedWebApplicationTests
{
    [Fact]
    public void SlimBuilder_ReloadsNoJsonFileOnChange_WhereTheDefaultBuilderDoes()
    {
        var json = static (WebApplicationBuilder b) =>
            ((IConfigurationBuilder)b.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();

        var defaults = json(WebApplication.CreateSlimBuilder());
        var unwatched = json(UnwatchedWebApplication.CreateSlimBuilder());

        Assert.Contains(defaults, s => s.ReloadOnChange);
        Assert.NotEmpty(unwatched);
        Assert.All(unwatched, s => Assert.False(s.ReloadOnChange, s.Path));
    }
}
