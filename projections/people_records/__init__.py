"""The people records view: private notes an Engineering Manager keeps about the
people of a product. follower.py stores them, guard.py decides who may read which
(every read goes through it), queries.py reads them (PeopleRecordQueries)."""
