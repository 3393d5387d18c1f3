// Each test runs its own three-process cluster; two at once would only fight over the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
