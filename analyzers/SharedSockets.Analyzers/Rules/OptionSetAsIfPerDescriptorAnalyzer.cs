using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK003: all state of a socket is held in common by its descriptors; an option set through one is
/// what getsockopt reads through any ([doc] "Multiple Handles to a Single Socket"). Flags the same option
/// set through a second descriptor or Socket object of one socket, as if each descriptor had its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptionSetAsIfPerDescriptorAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.OptionSetAsIfPerDescriptor,
        title: "Socket option set through another descriptor of the same socket",
        messageFormat: "'{0}' sets {1} through '{2}', but '{3}' at {4} set it through '{5}': options belong to the socket, so every descriptor sees whichever value was set last",
        RuleCategories.Reliability,
        description: "Duplicated descriptors and Socket objects over one handle share one socket, and all of its state: an option set through one descriptor is what getsockopt reads through any other. Setting the same option through two descriptors does not give each its own value; the last set wins for every holder. Set each option once, for the socket.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        OptionValues? values = null;
        foreach (var sets in model.BySocket(SocketOperationKind.SetOption).Values)
        {
            if (sets.Count < 2)
            {
                continue;
            }

            var options = new SocketOptionIdentity?[sets.Count];
            for (var index = 0; index < sets.Count; index++)
            {
                options[index] = SocketOptionIdentity.Of(sets[index]);
            }

            for (var index = 1; index < sets.Count; index++)
            {
                if (options[index] is not { } option)
                {
                    continue;
                }

                if (FindEarlierSetThroughAnotherDescriptor(sets, options, index, option, model) is { } earlierIndex)
                {
                    values ??= new OptionValues(model);
                    var sameValue = SetsTheValueInEffect(sets, options, earlierIndex, index, values);
                    context.ReportDiagnostic(CreateDiagnostic(sets[index], sets[earlierIndex], option, sameValue));
                }
            }
        }
    }

    /// <summary>
    /// The first set of the same option, through another descriptor, that can run before <c>sets[index]</c>
    /// while its descriptor is still open (after a clean hand-off the receiver is the only holder).
    /// </summary>
    private static int? FindEarlierSetThroughAnotherDescriptor(
        List<SocketCall> sets, SocketOptionIdentity?[] options, int index, SocketOptionIdentity option, SocketTypeModel model)
    {
        var later = sets[index];
        if (model.DescriptorOf(later) is not { Kind: not IdentityKind.Null } descriptor)
        {
            return null;
        }

        var budget = new OrderBudget();
        for (var candidateIndex = 0; candidateIndex < index; candidateIndex++)
        {
            var candidate = sets[candidateIndex];
            if (options[candidateIndex] is not { } candidateOption
                || !candidateOption.Matches(option)
                || model.DescriptorOf(candidate) is not { Kind: not IdentityKind.Null } candidateDescriptor
                || candidateDescriptor.Equals(descriptor))
            {
                continue;
            }

            if (budget.IsExhausted)
            {
                return null;
            }

            if (BranchRelations.AreMutuallyExclusive(candidate.Syntax, later.Syntax) || !model.Order.CanRunBefore(candidate, later, budget))
            {
                continue;
            }

            switch (model.Lifetimes.IsReleasedBetween(candidate, later, budget))
            {
                case false:
                    return candidateIndex;
                case null:
                    return null;
            }
        }

        return null;
    }

    private static Diagnostic CreateDiagnostic(SocketCall later, SocketCall earlier, SocketOptionIdentity option, bool sameValue)
    {
        var properties = sameValue
            ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.SameValue, "true")
            : ImmutableDictionary<string, string?>.Empty;
        return Diagnostic.Create(
            Rule,
            later.Location,
            additionalLocations: new[] { earlier.Location },
            properties,
            later.Display,
            option.DisplayName,
            later[ArgumentRole.Socket]!.Syntax.ToDisplayText(),
            earlier.Display,
            SourcePositions.Describe(earlier.Syntax, later.Syntax),
            earlier[ArgumentRole.Socket]!.Syntax.ToDisplayText());
    }

    /// <summary>
    /// A direct call (not a wrapper, which may do more) that sets the value every set of the option from
    /// the earlier one on already put in effect socket-wide: removing it changes nothing.
    /// </summary>
    private static bool SetsTheValueInEffect(List<SocketCall> sets, SocketOptionIdentity?[] options, int earlierIndex, int laterIndex, OptionValues values)
    {
        var later = sets[laterIndex];
        if (later.Wrapper is not null || values.ConstantOf(later[ArgumentRole.Value]) is not { } value)
        {
            return false;
        }

        for (var index = earlierIndex; index < laterIndex; index++)
        {
            var other = sets[index];
            if (options[index] is { } option
                && option.Matches(options[laterIndex]!)
                && (!SocketOptionIdentity.ValuesCompare(later, other) || values.ConstantOf(other[ArgumentRole.Value]) != value))
            {
                return false;
            }
        }

        return true;
    }
}
