using System.Text.RegularExpressions;
using Observability.Ingest.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Observability.Analytics.Slo;

/// <summary>
/// Reads SLO files (an OpenSLO-like subset; see <c>alerts/slo-examples/</c>). Every file is read and every problem
/// is collected before anything is refused, so one start lists all of them (file, field, reason).
/// </summary>
public static partial class SloFileLoader
{
    public const string ApiVersion = "obs.slo/v1";

    /// <summary>Loads files, and the <c>*.yaml</c>/<c>*.yml</c> files of directories, or throws with every problem.</summary>
    public static IReadOnlyList<SloDefinition> Load(IEnumerable<string> paths)
    {
        var problems = new List<SloProblem>();
        var slos = new List<SloDefinition>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path).Where(IsYaml).Order(StringComparer.Ordinal))
                {
                    slos.AddRange(Parse(File.ReadAllText(file), file, problems));
                }
            }
            else if (File.Exists(path))
            {
                slos.AddRange(Parse(File.ReadAllText(path), path, problems));
            }
            else
            {
                problems.Add(new SloProblem(path, "(file)", "no such file or directory"));
            }
        }

        Finish(slos, problems);
        return slos;
    }

    /// <summary>Parses the documents of one file's text (several may be separated by <c>---</c>) or throws with every problem.</summary>
    public static IReadOnlyList<SloDefinition> LoadText(string text, string file)
    {
        var problems = new List<SloProblem>();
        var slos = Parse(text, file, problems);
        Finish(slos, problems);
        return slos;
    }

    private static void Finish(List<SloDefinition> slos, List<SloProblem> problems)
    {
        foreach (var duplicate in slos.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new SloProblem(duplicate.Last().File, "metadata.name", $"'{duplicate.Key}' is defined more than once (also in {duplicate.First().File})"));
        }

        if (problems.Count > 0)
        {
            throw new SloDefinitionException(problems);
        }
    }

    private static List<SloDefinition> Parse(string text, string file, List<SloProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add(new SloProblem(file, $"(line {e.Start.Line})", "not valid YAML: " + e.Message));
            return [];
        }

        var slos = new List<SloDefinition>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            if (stream.Documents[i].RootNode is not YamlMappingNode root)
            {
                problems.Add(new SloProblem(file, $"(document {i + 1})", "must be a mapping with apiVersion, kind, metadata and spec"));
                continue;
            }

            var before = problems.Count;
            var slo = SloDocumentReader.Read(new YamlMap(root, string.Empty, file, problems), file);
            if (slo is not null && problems.Count == before)
            {
                slos.Add(slo);
            }
        }

        return slos;
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    internal static partial Regex NamePattern();
}
