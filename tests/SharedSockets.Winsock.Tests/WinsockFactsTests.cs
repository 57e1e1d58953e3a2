using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SharedSockets.Winsock.Tests;

/// <summary>Each fact of docs/winsock-facts.md, asked of a real Winsock by the facts probe (one run, one line a fact).</summary>
[Collection(WindowsProgramsCollection.Name)]
public sealed partial class WinsockFactsTests(WindowsPrograms programs, ITestOutputHelper output)
{
    private const string Probe = "tests/SharedSockets.Winsock.Facts/SharedSockets.Winsock.Facts.csproj";

    public static TheoryData<string> FactIds => new(WinsockFacts.All.Select(fact => fact.Id));

    [Theory]
    [MemberData(nameof(FactIds))]
    public void TheWinsockAnswers_AsDocumented_OrAsWineIsKnownToDiffer(string id)
    {
        var fact = WinsockFacts.All.Single(candidate => candidate.Id == id);
        var answers = Answers();
        Assert.True(answers.ContainsKey(id), $"The probe did not answer {id}.");
        var observed = answers[id];
        output.WriteLine($"{id}: observed '{observed}'; documented '{fact.Documented ?? "(not defined)"}'; Wine recorded '{fact.Wine ?? "(as documented)"}'");
        Assert.DoesNotContain("could not be asked", observed, StringComparison.Ordinal);

        if (fact.Documented is not null && observed == fact.Documented)
        {
            return;
        }

        if (programs.Host.IsWine)
        {
            Assert.True(
                fact.Wine is not null && observed == fact.Wine,
                $"{id}: Wine answered '{observed}', expected the documented '{fact.Documented ?? "(none)"}'{(fact.Wine is null ? string.Empty : $" or Wine's recorded '{fact.Wine}'")}.");
        }
        else
        {
            // Natively, where the documentation defines no outcome, any answer is recorded (printed above).
            Assert.True(fact.Documented is null, $"{id}: Windows answered '{observed}', documented '{fact.Documented}'.");
        }
    }

    [Fact]
    public void TheProbe_AnswersEveryFact_AndNoOther()
    {
        var answers = Answers();
        Assert.Equal(WinsockFacts.All.Select(fact => fact.Id).Order(), answers.Keys.Order());
    }

    private Dictionary<string, string> Answers()
    {
        var run = programs.RunOnce(Probe, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.ToString());
        var answers = FactLine().Matches(run.Output).ToDictionary(match => match.Groups["id"].Value, match => match.Groups["observed"].Value.TrimEnd());
        Assert.True(answers.Count > 0, "The probe printed no answer. " + run);
        return answers;
    }

    [GeneratedRegex(@"^FACT (?<id>F\d\d-[a-z0-9-]+): (?<observed>.*)$", RegexOptions.Multiline)]
    private static partial Regex FactLine();
}
