"""Drop-off (Отправка): parcels handed in at the point for sending.

``supply`` receives a seller's announced supply with live counters and an act, ``c2c`` takes a
private sender's parcel (weighed, checked, paid), ``bags`` packs outbound parcels into bags, and
``courier`` hands bags and loose parcels to the courier of their route with an act. Every state
change is a core-checked transition written with its ledger events and outbox row.
"""

WORKFLOW = "dropoff"
