-- As sql/mysql/V10__exact_item_keys.sql. H2 compares VARCHAR values exactly already (Pacer's
-- embedded database has no collation set: 'trail' and 'trail ' are two keys, 'Disk' and 'disk'
-- too), so the item columns stay as they are; the change log takes a NULL item, as on MySQL.
ALTER TABLE pacer_change ALTER COLUMN item SET NULL;
