// Fault tests kill servers and child processes and measure memory: on two shared cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
