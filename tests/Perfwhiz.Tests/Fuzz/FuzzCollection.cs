namespace Perfwhiz.Tests.Fuzz;

/// <summary>The fuzz tests run alone: they measure the process's allocations per mutant.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "fuzz";
}
