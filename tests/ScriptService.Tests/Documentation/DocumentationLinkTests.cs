using System.Text;
using System.Text.RegularExpressions;

namespace ScriptService.Tests.Documentation;

/// <summary>
/// Every relative link of <c>README.md</c> and <c>docs/**/*.md</c> leads somewhere: to a file or folder of the
/// repository, and when it names an anchor, to a heading of that Markdown file (GitHub's heading ids).
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private static readonly string _repository = FindRepository();

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_repository, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(_repository, file).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Links_InPage_LeadToExistingFilesAndHeadings(string page)
    {
        var path = Path.Combine(_repository, page);
        var broken = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)))
        {
            if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)
                || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no file {Path.GetRelativePath(_repository, resolved)}");
                continue;
            }

            if (anchor is not null && !(resolved.EndsWith(".md", StringComparison.Ordinal) && HeadingIds(File.ReadAllText(resolved)).Contains(anchor)))
            {
                broken.Add($"{target}: no heading #{anchor} in {Path.GetRelativePath(_repository, resolved)}");
            }
        }

        Assert.True(broken.Count == 0, $"Broken links in {page}:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
    }

    [Theory]
    [InlineData("C# (SocketIOClient)", "c-socketioclient")]
    [InlineData("Soak: the service held for a long run, churning, with jobs throughout", "soak-the-service-held-for-a-long-run-churning-with-jobs-throughout")]
    [InlineData("`ScriptService:Store`", "scriptservicestore")]
    [InlineData("GET /api/scripts/{jobId} (*added*)", "get-apiscriptsjobid-added")]
    [InlineData("Code-path benchmarks (BenchmarkDotNet)", "code-path-benchmarks-benchmarkdotnet")]
    public void HeadingId_IsGitHubs(string heading, string id) => Assert.Equal(id, HeadingId(heading));

    /// <summary>Link targets outside fenced code blocks and code spans.</summary>
    private static IEnumerable<string> Links(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match match in Link().Matches(CodeSpan().Replace(line, string.Empty)))
            {
                yield return match.Groups["target"].Value;
            }
        }
    }

    /// <summary>The ids GitHub gives a file's headings, duplicates numbered.</summary>
    private static HashSet<string> HeadingIds(string markdown)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            var heading = inFence ? null : Heading().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var id = HeadingId(heading.Groups["text"].Value);
            var seen = counts.GetValueOrDefault(id);
            counts[id] = seen + 1;
            ids.Add(seen == 0 ? id : $"{id}-{seen}");
        }

        return ids;
    }

    /// <summary>GitHub's id of a heading: its text without markup, lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string HeadingId(string heading)
    {
        var text = Link().Replace(heading, m => m.Groups["text"].Value);
        var id = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                id.Append(c);
            }
            else if (c == ' ')
            {
                id.Append('-');
            }
        }

        return id.ToString();
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ScriptService.sln was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
