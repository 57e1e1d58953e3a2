using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedSockets.Analyzers.FixSupport;

namespace SharedSockets.CodeFixes.Fixes;

/// <summary>
/// SOCK007 for <c>new Socket(SocketInformation)</c> twice in one process (a reader and a writer from one received
/// information): the second creation becomes the first Socket. One Socket object serves a concurrent sender and
/// receiver, and every member the code uses acts on the same socket as before. Offered only when nothing can tell
/// the two objects apart: both are stored in a local or a field of this type, assigned only there, and every use of
/// either, anywhere in the type, is a call or property of the Socket other than the ones that end or hand off a
/// descriptor (<c>Dispose</c>, <c>Close</c>, <c>Shutdown</c>, <c>Disconnect</c>, <c>DuplicateAndClose</c>) or expose
/// it (<c>Handle</c>, <c>SafeHandle</c>). A Socket returned, passed on, stored elsewhere or closed has no fix: closing
/// one would then close both.
/// </summary>
internal static class ShareTheFirstSocket
{
    private static readonly string[] DescriptorMembers =
        { "Dispose", "Close", "Shutdown", "Disconnect", "DisconnectAsync", "BeginDisconnect", "DuplicateAndClose", "Handle", "SafeHandle" };

    /// <summary>The second creation and the name of the first Socket's storage to put there; null when the shape differs.</summary>
    public static (ObjectCreationExpressionSyntax Second, string FirstName)? Find(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ObjectCreationExpressionSyntax second
            || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ObjectCreationExpressionSyntax first
            || !IsSocketCreation(second, model, cancellationToken)
            || !IsSocketCreation(first, model, cancellationToken)
            || StorageOf(first, model, cancellationToken) is not { } firstStorage
            || StorageOf(second, model, cancellationToken) is not { } secondStorage
            || SymbolEqualityComparer.Default.Equals(firstStorage, secondStorage)
            || !FixFlow.AlwaysRunsBefore(first, second))
        {
            return null;
        }

        var scope = ScopeOf(firstStorage, first);
        if (scope is null
            || scope != ScopeOf(secondStorage, second)
            || !OnlyPlainUses(scope, firstStorage, first, model, cancellationToken)
            || !OnlyPlainUses(scope, secondStorage, second, model, cancellationToken)
            || model.GetSpeculativeSymbolInfo(second.SpanStart, SyntaxFactory.IdentifierName(firstStorage.Name), SpeculativeBindingOption.BindAsExpression).Symbol is not { } bound
            || !SymbolEqualityComparer.Default.Equals(bound, firstStorage))
        {
            return null;
        }

        return (second, firstStorage.Name);
    }

    public static SyntaxNode Apply(SyntaxNode root, ObjectCreationExpressionSyntax second, string firstName) =>
        root.ReplaceNode(second, SyntaxFactory.IdentifierName(firstName).WithTriviaFrom(second));

    private static bool IsSocketCreation(ObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 1 } constructor
        && constructor.ContainingType.ToDisplayString() == SocketMembers.SocketMetadataName;

    /// <summary>The local or field the creation is stored in, as the whole right side of its declaration or assignment.</summary>
    private static ISymbol? StorageOf(ObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
        creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when declarator.Parent?.Parent is LocalDeclarationStatementSyntax =>
                model.GetDeclaredSymbol(declarator, cancellationToken),
            AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax } assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == creation =>
                model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is { } symbol
                && symbol is ILocalSymbol or IFieldSymbol { IsStatic: false }
                && assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                    ? symbol
                    : null,
            _ => null,
        };

    /// <summary>Where every use of the storage can be: the type's declarations for a private field, the body for a local.</summary>
    private static SyntaxNode? ScopeOf(ISymbol storage, SyntaxNode creation) =>
        storage switch
        {
            ILocalSymbol => creation.FirstAncestorOrSelf<SyntaxNode>(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax),
            IFieldSymbol { DeclaredAccessibility: Accessibility.Private, ContainingType.DeclaringSyntaxReferences.Length: 1 } => creation.FirstAncestorOrSelf<TypeDeclarationSyntax>(),
            _ => null,
        };

    /// <summary>The storage is written only by <paramref name="creation"/>, and every read is a plain member use of the Socket.</summary>
    private static bool OnlyPlainUses(SyntaxNode scope, ISymbol storage, ObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != storage.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, storage))
            {
                continue;
            }

            SyntaxNode reference = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualified && qualified.Name == name ? qualified : name;
            if (reference.Parent is AssignmentExpressionSyntax assignment && assignment.Left == reference)
            {
                if (assignment.Right != creation)
                {
                    return false;
                }

                continue;
            }

            if (reference.Parent is not MemberAccessExpressionSyntax access
                || access.Expression != reference
                || DescriptorMembers.Contains(access.Name.Identifier.ValueText)
                || !SocketMembers.IsInstanceMember(model.GetSymbolInfo(access, cancellationToken).Symbol))
            {
                return false;
            }
        }

        return true;
    }
}
