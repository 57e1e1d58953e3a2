using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using SharedSockets.Analyzers.Tests.Robustness;
using Xunit;

namespace SharedSockets.Analyzers.Tests.Meta;

/// <summary>
/// A rule is not done without its tests and its fix: every shipped analyzer has a positive and a
/// must-not-flag test class in Rules/, every rule id has a code fix with Fix All, and no fix claims an
/// id that does not exist.
/// </summary>
public sealed class RuleCoverageTests
{
    private const string RuleTestsNamespace = "SharedSockets.Analyzers.Tests.Rules";

    public static TheoryData<string> AnalyzerNames => RuleDescriptorTests.AnalyzerNames;

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_HasPositiveAndMustNotFlagTestClasses(string analyzerName)
    {
        foreach (var suffix in new[] { "Tests", "ValidTests" })
        {
            var name = $"{RuleTestsNamespace}.{analyzerName}{suffix}";
            var testClass = typeof(RuleCoverageTests).Assembly.GetType(name);
            Assert.True(testClass is not null, $"{analyzerName} has no test class {name} (tests/SharedSockets.Analyzers.Tests/Rules/{analyzerName}{suffix}.cs)");
            Assert.True(TestCount(testClass!) > 0, $"{name} has no [Fact] or [Theory]");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void EveryRuleId_HasACodeFixWithFixAll(string analyzerName)
    {
        var providers = ShippedAnalyzers.CreateCodeFixProviders();
        foreach (var id in ShippedAnalyzers.Descriptors().Where(pair => pair.Analyzer.Name == analyzerName).Select(pair => pair.Descriptor.Id).Distinct())
        {
            var fixers = providers.Where(provider => provider.FixableDiagnosticIds.Contains(id)).ToArray();
            Assert.True(fixers.Length > 0, $"{id} ({analyzerName}) has no code fix provider in SharedSockets.CodeFixes");
            Assert.All(fixers, fixer => Assert.True(fixer.GetFixAllProvider() is not null, $"{fixer.GetType().Name} does not support Fix All"));
        }
    }

    [Fact]
    public void CodeFixProviders_FixOnlyRealIds()
    {
        var supported = ShippedAnalyzers.Descriptors().Select(pair => pair.Descriptor.Id).ToHashSet();
        Assert.NotEmpty(ShippedAnalyzers.CodeFixProviderTypes);
        foreach (var provider in ShippedAnalyzers.CreateCodeFixProviders())
        {
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            foreach (var id in provider.FixableDiagnosticIds)
            {
                Assert.True(ShippedAnalyzers.DeclaredIds.Contains(id), $"{provider.GetType().Name} claims '{id}', which RuleIdentifiers does not declare");
                Assert.True(supported.Contains(id), $"{provider.GetType().Name} fixes '{id}', which no shipped analyzer reports");
            }
        }
    }

    [Fact]
    public void CodeFixProviders_AreExported()
    {
        // A provider without [ExportCodeFixProvider] never shows in the IDE or dotnet format.
        var unexported = ShippedAnalyzers.CodeFixAssembly.GetTypes()
            .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract)
            .Where(type => type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is null)
            .Select(type => type.Name);
        Assert.Empty(unexported);
    }

    [Fact]
    public void RobustnessTests_RunEveryShippedAnalyzer() =>
        Assert.Equal(ShippedAnalyzers.AnalyzerTypes.Length, ShippedAnalyzers.CreateAnalyzers().Length);

    private static int TestCount(Type testClass) =>
        testClass.GetMethods().Count(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any());
}
