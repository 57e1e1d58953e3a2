using System.Text;

namespace SharedSockets.Analyzers.Benchmarks;

/// <summary>
/// Templates of ordinary application code with no socket APIs: DTOs and records, services with async
/// methods, LINQ, lambdas, pattern matching, locks, generics, iterators and extension methods.
/// </summary>
internal static class OrdinaryCode
{
    public const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    public static void Dtos(StringBuilder code, int id)
    {
        code.AppendLine($$"""
                public sealed record Order{{id}}Dto(int Id, string Name, decimal Amount, DateTime CreatedAt)
                {
                    public bool IsLarge => Amount > {{id % 900 + 100}}m;

                    public string Describe() => $"{Name} ({Id}): {Amount:0.00} at {CreatedAt:O}";
                }

                public sealed class Customer{{id}}
                {
                    public int Id { get; set; }

                    public string Name { get; set; } = string.Empty;

                    public string? Email { get; init; }

                    public List<Order{{id}}Dto> Orders { get; } = new();

                    public decimal Total() => Orders.Sum(order => order.Amount);

                    public override string ToString() => $"{Id}:{Name}";
                }

                public enum Status{{id}}
                {
                    Pending,
                    Active,
                    Suspended,
                    Closed,
                }

            """);
    }

    /// <summary>One method of a service class; <paramref name="kind"/> picks the template.</summary>
    public static void ServiceMethod(StringBuilder code, int id, int method, int kind)
    {
        switch (kind % 8)
        {
            case 0:
                code.AppendLine($$"""
                            public async Task<decimal> ComputeAsync{{method}}(int id, CancellationToken token)
                            {
                                await Task.Delay(0, token).ConfigureAwait(false);
                                if (!customers.TryGetValue(id, out var customer))
                                {
                                    return 0m;
                                }

                                var total = customer.Orders.Where(order => order.Amount > {{method}}).Select(order => order.Amount).DefaultIfEmpty().Sum();
                                return total * {{method % 7 + 1}};
                            }

                    """);
                break;
            case 1:
                code.AppendLine($$"""
                            public IReadOnlyList<string> Report{{method}}(IEnumerable<Order{{id}}Dto> orders)
                            {
                                var result = new List<string>();
                                foreach (var group in orders.GroupBy(order => order.Name).OrderBy(group => group.Key))
                                {
                                    var text = new StringBuilder();
                                    text.Append(group.Key).Append(": ");
                                    foreach (var order in group)
                                    {
                                        text.Append(order.Describe()).Append(", ");
                                    }

                                    result.Add(text.ToString());
                                }

                                return result;
                            }

                    """);
                break;
            case 2:
                code.AppendLine($$"""
                            public int Classify{{method}}(object value) => value switch
                            {
                                int number when number > {{method}} => 1,
                                string text => text.Length,
                                Order{{id}}Dto order => order.Id,
                                Customer{{id}} { Orders.Count: > 0 } customer => customer.Orders.Count,
                                _ => 0,
                            };

                    """);
                break;
            case 3:
                code.AppendLine($$"""
                            public T Pick{{method}}<T>(IList<T> items, Func<T, bool> predicate)
                                where T : class
                            {
                                for (var index = 0; index < items.Count; index++)
                                {
                                    if (predicate(items[index]))
                                    {
                                        return items[index];
                                    }
                                }

                                throw new InvalidOperationException($"No item matches in {items.Count} items.");
                            }

                    """);
                break;
            case 4:
                code.AppendLine($$"""
                            public void Update{{method}}(int id, string name)
                            {
                                lock (gate)
                                {
                                    counter++;
                                    if (customers.TryGetValue(id, out var customer))
                                    {
                                        customer.Name = name;
                                    }
                                    else
                                    {
                                        customers[id] = new Customer{{id}} { Id = id, Name = name, Email = $"{name}@example.com" };
                                    }
                                }
                            }

                    """);
                break;
            case 5:
                code.AppendLine($$"""
                            public Dictionary<string, int> Count{{method}}(string text)
                            {
                                try
                                {
                                    return text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                                        .GroupBy(word => word.ToLowerInvariant())
                                        .ToDictionary(group => group.Key, group => group.Count());
                                }
                                catch (ArgumentException)
                                {
                                    return new Dictionary<string, int>();
                                }
                            }

                    """);
                break;
            case 6:
                code.AppendLine($$"""
                            public async Task<int> ProcessAll{{method}}(IEnumerable<int> ids, CancellationToken token)
                            {
                                var tasks = ids.Select(async id =>
                                {
                                    var value = await ComputeCoreAsync(id, token).ConfigureAwait(false);
                                    return value > {{method}} ? 1 : 0;
                                });
                                var results = await Task.WhenAll(tasks).ConfigureAwait(false);
                                return results.Sum();
                            }

                    """);
                break;
            default:
                code.AppendLine($$"""
                            public Status{{id}} Next{{method}}(Status{{id}} status, bool force)
                            {
                                var next = status switch
                                {
                                    Status{{id}}.Pending => Status{{id}}.Active,
                                    Status{{id}}.Active when force => Status{{id}}.Closed,
                                    Status{{id}}.Active => Status{{id}}.Suspended,
                                    _ => status,
                                };
                                Interlocked.Increment(ref counter);
                                return next;
                            }

                    """);
                break;
        }
    }

    public static void ServiceHeader(StringBuilder code, int id) =>
        code.AppendLine($$"""
                public sealed class OrderService{{id}}
                {
                    private readonly Dictionary<int, Customer{{id}}> customers = new();
                    private readonly object gate = new();
                    private int counter;

                    private static Task<decimal> ComputeCoreAsync(int id, CancellationToken token) => Task.FromResult((decimal)id);

            """);

    public static void Repository(StringBuilder code, int id) =>
        code.AppendLine($$"""
                public class Repository{{id}}<TKey, TValue>
                    where TKey : notnull
                {
                    private readonly ConcurrentDictionary<TKey, TValue> items = new();

                    public bool TryAdd(TKey key, TValue value) => items.TryAdd(key, value);

                    public IEnumerable<TValue> Where(Func<TValue, bool> predicate) => items.Values.Where(predicate);

                    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory) => items.GetOrAdd(key, factory);

                    public async IAsyncEnumerable<TValue> StreamAsync([EnumeratorCancellation] CancellationToken token = default)
                    {
                        foreach (var value in items.Values)
                        {
                            await Task.Yield();
                            token.ThrowIfCancellationRequested();
                            yield return value;
                        }
                    }
                }

                public static class Extensions{{id}}
                {
                    public static IEnumerable<TResult> SelectNotNull<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult?> selector)
                        where TResult : class
                    {
                        foreach (var item in source)
                        {
                            if (selector(item) is { } result)
                            {
                                yield return result;
                            }
                        }
                    }

                    public static string Join{{id}}(this IEnumerable<string> parts, char separator = ',') => string.Join(separator, parts);
                }

            """);
}
