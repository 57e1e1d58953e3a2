using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SharedSockets.Analyzers.Tests.Robustness;

/// <summary>
/// Deterministic token-level mutations of C# source: delete, duplicate, swap, replace a token with
/// another token of the same file, or insert a token that is often significant to the socket model
/// (<c>ref</c>, <c>out</c>, <c>null</c>, <c>,</c>, <c>)</c>, <c>=</c>, ...). Trivia stays with its token,
/// so the result reads like code someone is in the middle of editing.
/// </summary>
internal sealed class TokenMutator
{
    private static readonly string[] InterestingTokens =
    {
        "ref", "out", "in", "null", "default", "0", ",", "(", ")", "{", "}", ";", "=", "=>", ".", "?", "!", "new", "var",
        "s", "socket", "info", "static", "this", "return", "if", "else", "for", "while", "break", "goto", "async", "await",
        "WSAEventSelect", "WSASocketW", "DuplicateAndClose", "Shutdown", "Blocking", "IntPtr.Zero", "FD_READ", "#if X",
    };

    private readonly List<string> tokens;

    public TokenMutator(string source)
    {
        // Each entry is a token with its own trivia, so joining them gives back the source exactly.
        tokens = CSharpSyntaxTree.ParseText(source).GetRoot()
            .DescendantTokens(descendIntoTrivia: false)
            .Where(token => !token.IsKind(SyntaxKind.EndOfFileToken) || token.HasLeadingTrivia)
            .Select(token => token.ToFullString())
            .ToList();
    }

    public int TokenCount => tokens.Count;

    /// <summary>The source with 1 to <paramref name="maximumMutations"/> random mutations; the description lists them.</summary>
    public (string Source, string Description) Mutate(Random random, int maximumMutations = 4)
    {
        var mutated = new List<string>(tokens);
        var applied = new List<string>();
        var count = random.Next(1, maximumMutations + 1);
        for (var index = 0; index < count && mutated.Count > 1; index++)
        {
            var at = random.Next(mutated.Count);
            switch (random.Next(5))
            {
                case 0:
                    applied.Add($"delete '{mutated[at].Trim()}' at {at}");
                    mutated.RemoveAt(at);
                    break;
                case 1:
                    applied.Add($"duplicate '{mutated[at].Trim()}' at {at}");
                    mutated.Insert(at, mutated[at]);
                    break;
                case 2:
                    var other = random.Next(mutated.Count);
                    applied.Add($"swap {at} '{mutated[at].Trim()}' and {other} '{mutated[other].Trim()}'");
                    (mutated[at], mutated[other]) = (mutated[other], mutated[at]);
                    break;
                case 3:
                    var donor = tokens[random.Next(tokens.Count)].Trim();
                    applied.Add($"replace '{mutated[at].Trim()}' at {at} with '{donor}'");
                    mutated[at] = " " + donor + " ";
                    break;
                default:
                    var inserted = InterestingTokens[random.Next(InterestingTokens.Length)];
                    applied.Add($"insert '{inserted}' at {at}");
                    mutated.Insert(at, inserted.StartsWith('#') ? $"\n{inserted}\n" : $" {inserted} ");
                    break;
            }
        }

        var text = new StringBuilder();
        foreach (var token in mutated)
        {
            text.Append(token);
        }

        return (text.ToString(), string.Join("; ", applied));
    }
}
