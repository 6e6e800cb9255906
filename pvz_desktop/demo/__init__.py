"""Demo point: data generator, embedded central server, virtual scanner panel."""
