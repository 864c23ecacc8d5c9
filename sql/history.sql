-- The user's monitoring items, exactly as the requirement defines the table (MySQL, MariaDB and H2).
-- Pacer creates it only when it is absent and never alters it; a table that exists is adopted as is.
-- Pacer reads item, execution_interval and last_execution_time; it writes result and last_execution_time.
CREATE TABLE IF NOT EXISTS history (
item VARCHAR(255) PRIMARY KEY,
last_execution_time TIMESTAMP NOT NULL,
execution_interval INT NOT NULL,
result FLOAT
);
