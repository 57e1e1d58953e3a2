using System.Text;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>A generated project: its name and its source files.</summary>
internal sealed record GeneratedProject(string Name, IReadOnlyList<(string Path, string Text)> Files)
{
    public int Lines => Files.Sum(file => CountLines(file.Text));

    public static int CountLines(string text)
    {
        var lines = 1;
        foreach (var character in text)
        {
            if (character == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}

/// <summary>
/// Generates a solution of ordinary C# code (variant a) and the same code with socket interop
/// sprinkled through it (variant b). Both variants come from one seed: the ordinary code is identical;
/// (b) adds a binding class per project, socket methods to a fraction of the services and a few
/// connection classes.
/// </summary>
internal static class SolutionGenerator
{
    private const int MethodsPerService = 30;

    public static IReadOnlyList<GeneratedProject> Generate(int totalLines, int projectCount, bool withSockets, double socketMethodRate, int seed)
    {
        var structure = new Random(seed);
        var sockets = new Random(seed + 1);
        var linesPerProject = totalLines / projectCount;
        var projects = new List<GeneratedProject>();
        var fileId = 0;
        for (var projectIndex = 0; projectIndex < projectCount; projectIndex++)
        {
            var files = new List<(string, string)>();
            if (withSockets)
            {
                files.Add(("NativeMethods.cs", SocketCode.Bindings));
            }

            // Count only the ordinary lines, so (a) and (b) contain the same ordinary code.
            var ordinaryLines = 0;
            while (ordinaryLines < linesPerProject)
            {
                var (text, ordinary) = File(fileId++, projectIndex, structure, withSockets ? sockets : null, socketMethodRate);
                files.Add(($"File{fileId}.cs", text));
                ordinaryLines += ordinary;
            }

            projects.Add(new GeneratedProject($"Bench.P{projectIndex}", files));
        }

        return projects;
    }

    private static (string Text, int OrdinaryLines) File(int id, int project, Random structure, Random? sockets, double socketMethodRate)
    {
        var socketLines = 0;
        var code = new StringBuilder();
        code.AppendLine(OrdinaryCode.Usings);
        if (sockets is not null)
        {
            code.AppendLine(SocketCode.Usings);
        }

        code.AppendLine().AppendLine($"namespace Bench.P{project}.F{id};").AppendLine();
        OrdinaryCode.Dtos(code, id);
        OrdinaryCode.Repository(code, id);
        OrdinaryCode.ServiceHeader(code, id);
        for (var method = 0; method < MethodsPerService; method++)
        {
            OrdinaryCode.ServiceMethod(code, id, method, structure.Next(8));
            if (sockets is not null && sockets.NextDouble() < socketMethodRate)
            {
                var before = code.Length;
                SocketCode.ServiceMethod(code, 1000 + method, sockets.Next(6));
                socketLines += GeneratedProject.CountLines(code.ToString(before, code.Length - before)) - 1;
            }
        }

        code.AppendLine("}");
        if (sockets is not null && sockets.NextDouble() < socketMethodRate * 2)
        {
            var before = code.Length;
            SocketCode.Connection(code, id);
            socketLines += GeneratedProject.CountLines(code.ToString(before, code.Length - before)) - 1;
        }

        var text = code.ToString();
        var lines = GeneratedProject.CountLines(text) - socketLines - (sockets is null ? 0 : 2);
        return (text, lines);
    }
}
