using Observability.Analytics.Slo;

namespace Observability.Slo.Tests.Support;

/// <summary>SLO definitions for tests, written as YAML so that the loader is on the path too.</summary>
internal static class Slos
{
    public static SloDefinition Parse(string spec, string name = "test-slo") =>
        SloFileLoader.LoadText($"apiVersion: obs.slo/v1\nkind: SLO\nmetadata:\n  name: {name}\nspec:\n{Indent(spec)}", "test.yaml").Single();

    private static string Indent(string text) =>
        string.Join('\n', text.Trim('\n').Split('\n').Select(l => "  " + l));
}
