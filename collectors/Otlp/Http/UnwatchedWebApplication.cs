using Microsoft.AspNetCore.Builder;

namespace Observability.Collectors.Otlp.Http;

/// <summary>
/// A slim web application that does not watch its content root. The default builder reloads <c>appsettings.json</c> on
/// change, which puts a recursive file watcher on the working directory; the product is configured by its own file, and
/// when the working directory is the data directory (or <c>/tmp</c>) that watcher wakes on every write of the store's
/// WAL, and holds an inotify watch per subdirectory.
/// </summary>
public static class UnwatchedWebApplication
{
    public static WebApplicationBuilder CreateSlimBuilder() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
}
