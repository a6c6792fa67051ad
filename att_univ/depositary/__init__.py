"""The depositary's status page: reading it, reconciling the dataset with it, applying what it gives."""
