using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SharedSockets.Analyzers.Model;

namespace SharedSockets.Analyzers.Rules;

/// <summary>
/// SOCK008: [doc] DuplicateHandle must not be used on sockets: the Winsock provider keeps its own
/// reference count per descriptor, which a kernel-level handle copy bypasses; WSADuplicateSocket is
/// the supported way. Flags a kernel32 DuplicateHandle whose source handle the model knows is a socket.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateHandleOnSocketAnalyzer : SocketRuleAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DuplicateHandleOnSocket,
        title: "DuplicateHandle applied to a socket",
        messageFormat: "'{0}' duplicates '{1}', which is a socket ({2}): DuplicateHandle bypasses the Winsock provider's reference counting; use WSADuplicateSocket",
        RuleCategories.Reliability,
        description: "Sockets must not be duplicated with DuplicateHandle: the copy is unknown to the Winsock provider, whose per-descriptor state and reference counting break when either handle is closed or used. Use WSADuplicateSocket (Socket.DuplicateAndClose) and create the descriptor from the protocol info.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool RequiresNativeSockets => true;

    private protected override void AnalyzeType(SocketTypeModel model, TypeAnalysisContext context)
    {
        Dictionary<ValueIdentity, SocketCall>? evidence = null;
        var types = SocketCompilation.For(context.Compilation).Types;
        foreach (var call in model.Calls)
        {
            if (call.Kind != SocketOperationKind.DuplicateHandle || call[ArgumentRole.Handle] is not { } handle)
            {
                continue;
            }

            var source = WithoutHandleStructs(handle);
            var identity = model.Resolver.Resolve(source);
            if (identity.Kind is IdentityKind.Null or IdentityKind.Constant)
            {
                continue;
            }

            evidence ??= CollectSocketEvidence(model);
            if (evidence.TryGetValue(identity, out var proof))
            {
                Report(context, call, source, proof.Location, Describe(proof, call));
            }
            else if (identity is { Kind: IdentityKind.Symbol, Root: ISymbol symbol } && SocketTypeName(TypeOf(symbol), types) is { } typeName)
            {
                var declaration = symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource ? symbol.Locations[0] : null;
                Report(context, call, source, declaration, $"'{symbol.Name}' is a {typeName}");
            }
        }
    }

    private static void Report(TypeAnalysisContext context, SocketCall call, IOperation source, Location? proof, string reason) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            call.Location,
            additionalLocations: proof is null ? null : new[] { proof },
            call.Display,
            source.Syntax.ToDisplayText(),
            reason));

    /// <summary>
    /// Values the type itself treats as sockets: what socket(), WSASocket, accept and new Socket create,
    /// what it wraps in a SafeSocketHandle, and what it passes as the socket of any recognised API.
    /// </summary>
    private static Dictionary<ValueIdentity, SocketCall> CollectSocketEvidence(SocketTypeModel model)
    {
        var evidence = new Dictionary<ValueIdentity, SocketCall>();
        foreach (var call in model.Calls)
        {
            switch (call.Kind)
            {
                case SocketOperationKind.DuplicateHandle:
                    continue;
                case SocketOperationKind.CreateSocket or SocketOperationKind.Accept:
                    Add(model.Resolver.Resolve(call.Operation), call);
                    break;
                case SocketOperationKind.AdoptHandle when call[ArgumentRole.Handle] is { } adopted:
                    Add(model.Resolver.Resolve(adopted), call);
                    break;
            }

            if (call[ArgumentRole.Socket] is { } socket)
            {
                Add(model.Resolver.Resolve(socket), call);
            }
        }

        return evidence;

        void Add(ValueIdentity identity, SocketCall call)
        {
            if (identity.Kind is not (IdentityKind.Null or IdentityKind.Constant) && !evidence.ContainsKey(identity))
            {
                evidence[identity] = call;
            }
        }
    }

    private static string Describe(SocketCall proof, SocketCall duplicate)
    {
        var where = SourcePositions.Describe(proof.Syntax, duplicate.Syntax);
        var verb = proof.Kind switch
        {
            SocketOperationKind.CreateSocket or SocketOperationKind.Accept => "created by",
            SocketOperationKind.AdoptHandle => "wrapped as a socket by",
            _ => "used as a socket by",
        };
        return $"{verb} '{proof.Display}' at {where}";
    }

    /// <summary>CsWin32's <c>new HANDLE(x)</c>, <c>new IntPtr(x)</c>: a handle struct around the same value.</summary>
    private static IOperation WithoutHandleStructs(IOperation handle)
    {
        var current = handle.WithoutConversions();
        while (current is IObjectCreationOperation { Type.IsValueType: true, Arguments.Length: 1 } creation
               && !ValueIdentityResolver.IsSocketStruct(creation.Type))
        {
            current = creation.Arguments[0].Value.WithoutConversions();
        }

        return current;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static string? SocketTypeName(ITypeSymbol? type, SocketTypes types)
    {
        if (type is null)
        {
            return null;
        }

        if (types.IsSocket(type) || types.IsSocketWrapper(type))
        {
            return type.Name;
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.SafeSocketHandle))
        {
            return "SafeSocketHandle";
        }

        return ValueIdentityResolver.IsSocketStruct(type) ? type.Name + " struct" : null;
    }
}
