// Real code often does not compile here (a type from a missing reference): the scan goes on.
internal sealed class Broken
{
    private readonly MissingDependency _dependency = new();
}
