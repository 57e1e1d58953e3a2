using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SharedSockets.Analyzers.Model;

/// <summary>
/// The one answer to "can this run before that?" for a type's code:
/// <list type="bullet">
/// <item>in one body, the syntax first (<see cref="StraightLineOrder"/> settles straight-line code and
/// code before a later statement), then the body's control-flow graph (a <c>return</c> in a branch ends
/// a path, a loop brings earlier code round again);</item>
/// <item>an exception can leave a <c>try</c> block after any of its statements, so its <c>catch</c> and
/// <c>finally</c> clauses can run after anything in it (the graph has no edges for exceptions);</item>
/// <item>code in lambdas and local functions runs on its own schedule: there (and where no graph can be
/// built) source order outside exclusive branches stands in;</item>
/// <item>between bodies, the type's methods have no order of their own: the type's source order (file,
/// then position) stands in, the order a reader assumes (constructor, Start, then Stop).</item>
/// </list>
/// Graphs are built lazily, once per body. Safe to ask from several threads.
/// </summary>
internal sealed class ExecutionOrder
{
    private readonly Dictionary<SocketCall, int> positions = new();
    private readonly ConcurrentDictionary<IOperation, BodyGraph?> graphs = new();
    private readonly ConcurrentDictionary<IOperation, bool> bodiesWithGoto = new();

    public ExecutionOrder(ImmutableArray<SocketCall> calls)
    {
        for (var index = 0; index < calls.Length; index++)
        {
            positions[calls[index]] = index;
        }
    }

    /// <summary>The call's index in the type's source order (file, then position).</summary>
    public int PositionOf(SocketCall call) => positions.TryGetValue(call, out var index) ? index : -1;

    /// <summary>Whether <paramref name="earlier"/> can run before <paramref name="later"/> (see the policy above).</summary>
    public bool CanRunBefore(SocketCall earlier, SocketCall later)
    {
        if (earlier == later)
        {
            return false;
        }

        return earlier.Root != later.Root
            ? PositionOf(earlier) < PositionOf(later)
            : CanRunBefore(earlier.Syntax, later.Syntax, earlier.Root);
    }

    /// <summary>Two places of the type's code, in the same or different bodies (see the policy above).</summary>
    public bool CanRunBefore(SyntaxNode earlier, IOperation earlierRoot, SyntaxNode later, IOperation laterRoot) =>
        earlierRoot == laterRoot
            ? CanRunBefore(earlier, later, earlierRoot)
            : OperationExtensions.CompareSourceOrder(earlier, later) < 0;

    /// <summary><see cref="CanRunBefore(SocketCall, SocketCall)"/>, spending one unit of a search's budget.</summary>
    public bool CanRunBefore(SocketCall earlier, SocketCall later, OrderBudget budget)
    {
        budget.Spend();
        return CanRunBefore(earlier, later);
    }

    /// <summary>
    /// Whether control can reach <paramref name="later"/> after <paramref name="earlier"/> ran, both in the
    /// body <paramref name="root"/> (<paramref name="later"/> may be <paramref name="earlier"/> itself: again, through a loop).
    /// </summary>
    public bool CanRunBefore(SyntaxNode earlier, SyntaxNode later, IOperation root)
    {
        if (IsHandlerAfter(earlier, later))
        {
            return true;
        }

        // Most pairs are settled by the syntax alone; the graph (built once per body, then walked) is the slow path.
        if (StraightLineOrder.Decide(earlier, later, bodiesWithGoto.GetOrAdd(root, static body => StraightLineOrder.ContainsGoto(body.Syntax))) is { } decided)
        {
            return decided;
        }

        if (InsideFunction(earlier, root) || InsideFunction(later, root)
            || graphs.GetOrAdd(root, static body => BodyGraph.Of(body)) is not { } graph
            || graph.PositionOf(earlier) is not { } from
            || graph.PositionOf(later) is not { } to)
        {
            return earlier.SpanStart < later.SpanStart && !BranchRelations.AreMutuallyExclusive(earlier, later);
        }

        // Within one operation (two arguments of one call) evaluation runs left to right.
        if (from.Block == to.Block && (from.Index < to.Index || (from.Index == to.Index && earlier.Span.End <= later.SpanStart)))
        {
            return true;
        }

        return graph.ReachableFrom(from.Block).Contains(to.Block);
    }

    /// <summary>Whether <paramref name="later"/> is in a <c>catch</c> or <c>finally</c> clause of a <c>try</c> whose block holds <paramref name="earlier"/>.</summary>
    private static bool IsHandlerAfter(SyntaxNode earlier, SyntaxNode later)
    {
        for (var node = earlier.Parent; node is not null; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }

            if (node is TryStatementSyntax @try && @try.Block.Span.Contains(earlier.Span)
                && (@try.Catches.Any(clause => clause.Span.Contains(later.Span)) || @try.Finally?.Span.Contains(later.Span) == true))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InsideFunction(SyntaxNode node, IOperation root)
    {
        for (var current = node.Parent; current is not null && current != root.Syntax; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One body's control-flow graph, with where each syntax node runs and which blocks follow which.</summary>
    private sealed class BodyGraph
    {
        private readonly Dictionary<SyntaxNode, (BasicBlock Block, int Index)> positions = new();
        private readonly ConcurrentDictionary<BasicBlock, HashSet<BasicBlock>> reachable = new();

        private BodyGraph(ControlFlowGraph graph) => IndexPositions(graph);

        public static BodyGraph? Of(IOperation root)
        {
            var graph = root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body),
                IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block),
                _ => null,
            };
            return graph is null ? null : new BodyGraph(graph);
        }

        public (BasicBlock Block, int Index)? PositionOf(SyntaxNode node) =>
            positions.TryGetValue(node, out var position) ? position : null;

        /// <summary>Every block reachable from the end of <paramref name="start"/> (itself only through a loop).</summary>
        public HashSet<BasicBlock> ReachableFrom(BasicBlock start) => reachable.GetOrAdd(start, static block =>
        {
            var seen = new HashSet<BasicBlock>();
            var pending = new Stack<BasicBlock>();
            Push(block);
            while (pending.Count > 0)
            {
                Push(pending.Pop());
            }

            return seen;

            void Push(BasicBlock current)
            {
                foreach (var branch in new[] { current.FallThroughSuccessor, current.ConditionalSuccessor })
                {
                    if (branch?.Destination is { } next && seen.Add(next))
                    {
                        pending.Push(next);
                    }
                }
            }
        });

        /// <summary>
        /// Maps every syntax node of the graph's operations to the innermost operation holding it, in one
        /// pass: a constructor's implicit <c>base()</c> call carries the whole declaration as its syntax and
        /// must not swallow the statements.
        /// </summary>
        private void IndexPositions(ControlFlowGraph graph)
        {
            var lengths = new Dictionary<SyntaxNode, int>();
            foreach (var block in graph.Blocks)
            {
                for (var index = 0; index < block.Operations.Length; index++)
                {
                    Index(block, index, block.Operations[index].Syntax);
                }

                if (block.BranchValue is { } branch)
                {
                    Index(block, block.Operations.Length, branch.Syntax);
                }
            }

            void Index(BasicBlock block, int index, SyntaxNode syntax)
            {
                var length = syntax.Span.Length;
                foreach (var node in syntax.DescendantNodesAndSelf())
                {
                    if (!lengths.TryGetValue(node, out var known) || length < known)
                    {
                        lengths[node] = length;
                        positions[node] = (block, index);
                    }
                }
            }
        }
    }
}
