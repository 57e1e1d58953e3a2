using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The operations of a type's own code: every member body, accessor, constructor initializer and
/// field or property initializer of every part of the type (nested types are types of their own), and
/// the top-level statements of a program, in the type's hand-written files (generated parts are
/// skipped, as the driver skips generated code). What operation actions on the type would be given.
/// </summary>
internal static class TypeOperations
{
    public static IEnumerable<IOperation> Of(INamedTypeSymbol type, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (GeneratedCode.IsGenerated(reference.SyntaxTree))
            {
                continue;
            }

            var declaration = reference.GetSyntax(cancellationToken);
            var model = modelOf(declaration.SyntaxTree);
            foreach (var root in RootsOf(declaration))
            {
                if (model.GetOperation(root, cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    private static IEnumerable<SyntaxNode> RootsOf(SyntaxNode declaration)
    {
        switch (declaration)
        {
            case CompilationUnitSyntax unit:
                // The synthesized entry point of top-level statements; the file's types are declarations of their own.
                foreach (var member in unit.Members)
                {
                    if (member is GlobalStatementSyntax)
                    {
                        yield return unit;
                        yield break;
                    }
                }

                yield break;
            case TypeDeclarationSyntax type:
                if (type.ParameterList is not null)
                {
                    // A primary constructor: its base-type arguments are its body.
                    yield return type;
                }

                foreach (var member in type.Members)
                {
                    foreach (var root in RootsOfMember(member))
                    {
                        yield return root;
                    }
                }

                yield break;
        }
    }

    private static IEnumerable<SyntaxNode> RootsOfMember(MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case BaseMethodDeclarationSyntax method:
                yield return method;
                break;
            case BasePropertyDeclarationSyntax property:
                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        yield return accessor;
                    }
                }

                if (property is PropertyDeclarationSyntax { ExpressionBody: { } propertyBody })
                {
                    yield return propertyBody;
                }

                if (property is IndexerDeclarationSyntax { ExpressionBody: { } indexerBody })
                {
                    yield return indexerBody;
                }

                if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
                {
                    yield return propertyInitializer;
                }

                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } fieldInitializer)
                    {
                        yield return fieldInitializer;
                    }
                }

                break;
        }
    }
}
